import type { JobsClient } from "./api/jobs-client";
import type { ControlConfig } from "./config";
import { expandTemplate, templateColumns, templateTokens } from "../contracts/template";

export interface StartContext {
  config: ControlConfig;
  record: { entityName: string; id: string };
  readColumns: (names: string[]) => Promise<Record<string, string | null>>;
  client: JobsClient;
}

/** The shown history may be shorter than the run of failures since the last success: ask for more. */
const LAST_SUCCESS_LOOKBACK = 50;

/** The Custom API inputs for a click: the template with its tokens read at that moment. */
export async function startParameters({ config, record, readColumns, client }: StartContext) {
  const columns = await readColumns(templateColumns(config.template));
  let lastSuccess: string | null = null;
  if (templateTokens(config.template).includes("lastSuccess")) {
    const jobs = await client.list({
      entity: record.entityName,
      id: record.id,
      limit: LAST_SUCCESS_LOOKBACK,
    });
    lastSuccess = jobs.find((job) => job.status === "succeeded")?.endedAt ?? null;
  }
  return expandTemplate(config.template, {
    entityName: record.entityName,
    recordId: record.id,
    now: new Date(),
    columns,
    lastSuccess,
  });
}
