import type { CustomApiDefinition } from "../../contracts/custom-apis";
import type { DataverseClient } from "./client";
import { DataverseError } from "./errors";
import type { DataverseHttp } from "./http";
import { API } from "./web-api";

/**
 * Reads of Dataverse metadata and records: Custom API definitions (`customapis` with their
 * parameters expanded) and whether a person may read a record, asked as them.
 */

const quote = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** Entity names remembered (found or unknown); bounded so random names cannot grow it without end. */
const MAX_ENTITIES = 1000;
/** Dataverse's "Resource not found for the segment": the entity set does not exist. */
const UNKNOWN_SEGMENT = "0x80060888";

function remember<V>(map: Map<string, V>, key: string, value: V) {
  if (map.size >= MAX_ENTITIES && !map.has(key)) map.delete(map.keys().next().value!);
  map.set(key, value);
}

export function createMetadataReader(
  http: DataverseHttp,
): Pick<DataverseClient, "getCustomApi" | "canReadRecord"> {
  const entitySets = new Map<string, { set: string; key: string }>();
  /** Negative answers: an entity whose set Dataverse does not know has no readable record. */
  const unknownEntities = new Map<string, true>();

  async function entitySetOf(entity: string) {
    const known = entitySets.get(entity);
    if (known) return known;
    let found = { set: `${entity}s`, key: `${entity}id` };
    try {
      const res = await http({
        method: "GET",
        path: `${API}/EntityDefinitions(LogicalName=${quote(entity)})?$select=EntitySetName,PrimaryIdAttribute`,
      });
      const body = res.body as { EntitySetName?: string; PrimaryIdAttribute?: string };
      if (body.EntitySetName && body.PrimaryIdAttribute)
        found = { set: body.EntitySetName, key: body.PrimaryIdAttribute };
    } catch (error) {
      // Environments (and the emulator) without metadata access fall back to the naming convention.
      if (!(error instanceof DataverseError) || error.upstreamStatus === null || error.upstreamStatus >= 500)
        throw error;
    }
    remember(entitySets, entity, found);
    return found;
  }

  return {
    async getCustomApi(uniqueName) {
      const filter = encodeURIComponent(`uniquename eq ${quote(uniqueName)}`);
      const res = await http({
        method: "GET",
        path: `${API}/customapis?$filter=${filter}&$expand=CustomAPIRequestParameters,CustomAPIResponseProperties`,
      });
      const row = (res.body as { value?: Record<string, unknown>[] }).value?.[0];
      if (!row) return null;
      return {
        ...(row as unknown as CustomApiDefinition),
        requestParameters: (row.CustomAPIRequestParameters ?? []) as CustomApiDefinition["requestParameters"],
        responseProperties: (row.CustomAPIResponseProperties ??
          []) as CustomApiDefinition["responseProperties"],
      };
    },

    async canReadRecord(entity, id, callerObjectId) {
      if (unknownEntities.has(entity)) return false;
      const { set, key } = await entitySetOf(entity);
      try {
        await http({
          method: "GET",
          path: `${API}/${set}(${encodeURIComponent(id)})?$select=${key}`,
          headers: { CallerObjectId: callerObjectId },
        });
        return true;
      } catch (error) {
        if (error instanceof DataverseError && error.upstreamStatus === 404 && error.code === UNKNOWN_SEGMENT)
          remember(unknownEntities, entity, true);
        if (error instanceof DataverseError && (error.upstreamStatus === 403 || error.upstreamStatus === 404))
          return false;
        throw error;
      }
    },
  };
}
