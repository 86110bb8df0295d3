import type { DataverseClient } from "./client";
import type { DataverseHttp } from "./http";
import { parseKeyValueText } from "./key-value-text";
import { API } from "./web-api";

/** One `backgroundoperations` row as an ambiguous start's lookup sees it. */
export interface StartedOperation {
  backgroundOperationId: string;
  createdOn: number;
  /** What the run was started with, from `inputparameters`. */
  inputs: Record<string, unknown>;
}

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;

/**
 * The `backgroundoperations` table is organization-owned (docs/dataverse.md), so the API's
 * application user reads every row: filtered by the Custom API's unique name and creation time, the
 * rows a start may have left behind are few.
 */
export function createOperationLookup(http: DataverseHttp): Pick<DataverseClient, "findStartedOperations"> {
  return {
    async findStartedOperations(customApi, since) {
      const filter = `name eq ${quote(customApi)} and createdon ge ${new Date(since).toISOString()}`;
      const res = await http({
        method: "GET",
        path:
          `${API}/backgroundoperations?$select=backgroundoperationid,createdon,inputparameters` +
          `&$filter=${encodeURIComponent(filter)}&$orderby=createdon%20asc`,
      });
      const rows = ((res.body as { value?: unknown } | null)?.value ?? []) as Record<string, unknown>[];
      return rows.flatMap((row) => {
        const id = row.backgroundoperationid;
        const createdOn = typeof row.createdon === "string" ? Date.parse(row.createdon) : NaN;
        if (typeof id !== "string" || Number.isNaN(createdOn)) return [];
        return [{ backgroundOperationId: id, createdOn, inputs: parseKeyValueText(row.inputparameters) }];
      });
    },
  };
}
