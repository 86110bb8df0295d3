import { customApis, type CustomApiDefinition } from "../../contracts/custom-apis";
import type { Plugin } from "./plugin";
import { syncRecordsPlugin } from "./sync-records";

/** The plug-in registered on each Custom API's main operation. */
const PLUGINS: Record<string, Plugin> = {
  sample_SyncRecordsToExternalSystem: syncRecordsPlugin,
};

export interface RegisteredApi {
  definition: CustomApiDefinition;
  plugin: Plugin;
}

/** Looks a message up by unique name; Dataverse resolves action names case-sensitively. */
export function findCustomApi(name: string): RegisteredApi | undefined {
  const definition = customApis.find((d) => d.uniquename === name);
  const plugin = definition ? PLUGINS[definition.uniquename] : undefined;
  return definition && plugin ? { definition, plugin } : undefined;
}
