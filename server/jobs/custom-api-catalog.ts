import type { CustomApiDefinition } from "../../contracts/custom-apis";
import type { Clock } from "../clock";
import type { DataverseClient } from "../dataverse/client";
import type { Logger } from "../logger";

/**
 * Custom API definitions read from Dataverse's `customapis` metadata, cached for `ttlMs`. A failed
 * refresh keeps serving the last good definition; with none, the solution's own definitions
 * (contracts/custom-apis.ts) stand in so local development works against a partial emulator.
 */

export interface CustomApiCatalog {
  get(uniqueName: string): Promise<CustomApiDefinition | null>;
}

export function createCustomApiCatalog(options: {
  dataverse: DataverseClient;
  fallback: readonly CustomApiDefinition[];
  ttlMs: number;
  clock: Clock;
  logger: Logger;
}): CustomApiCatalog {
  const cache = new Map<string, { def: CustomApiDefinition | null; at: number }>();
  return {
    async get(uniqueName) {
      const hit = cache.get(uniqueName);
      const now = options.clock.now();
      if (hit && now - hit.at < options.ttlMs) return hit.def;
      try {
        const def = await options.dataverse.getCustomApi(uniqueName);
        cache.set(uniqueName, { def, at: now });
        return def;
      } catch (error) {
        if (hit) return hit.def;
        const local = options.fallback.find((d) => d.uniquename === uniqueName);
        if (!local) throw error;
        options.logger.warn(
          { customApi: uniqueName, err: error },
          "custom API metadata unavailable; using local definition",
        );
        return local;
      }
    },
  };
}
