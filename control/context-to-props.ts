import { webLightTheme, type Theme } from "@fluentui/react-components";
import type { IInputs } from "../generated/ManifestTypes";
import { validateConfig } from "./config";
import type { BackgroundSyncProps, DisabledReason, RecordServices } from "./components/BackgroundSync";
import type { ControlDeps } from "./deps";
import { createFormatter } from "./format";
import { createStrings } from "./strings";

/** Run-time members the typings leave out (docs/dataverse.md, "PCF facts"). */
interface PageInfo {
  entityId?: string | null;
  entityTypeName?: string | null;
}

export interface ControlHooks {
  deps: ControlDeps;
  onJobIdChange: (jobId: string) => void;
  lifetime: AbortSignal;
}

/** The only place, with index.ts, that reads ComponentFramework objects. Pure: it calls nothing. */
export function contextToProps(
  context: ComponentFramework.Context<IInputs>,
  hooks: ControlHooks,
): BackgroundSyncProps {
  // A host may leave out an input that is not required (and an older form, a new one): missing is unset.
  const p: Partial<IInputs> = context.parameters;
  const page = (context as unknown as { page?: PageInfo }).page ?? {};
  const entityName = page.entityTypeName ?? "";
  const recordId = normalizeId(page.entityId);
  const strings = createStrings((key) => context.resources.getString(key));
  const numbers = context.userSettings.numberFormattingInfo;
  const dates = context.userSettings.dateFormattingInfo;
  const width = Number(context.mode.allocatedWidth);
  return {
    config: validateConfig({
      scope: p.scope?.raw ?? "",
      apiBaseUrl: p.apiBaseUrl?.raw ?? "",
      customApiName: p.customApiName?.raw ?? "",
      parametersTemplate: p.parametersTemplate?.raw ?? "",
      buttonLabel: p.buttonLabel?.raw ?? "",
      confirmFullSync: p.confirmFullSync?.raw === true,
      clientId: p.clientId?.raw ?? "",
      authority: p.authority?.raw ?? "",
      apiScope: p.apiScope?.raw ?? "",
      redirectUri: p.redirectUri?.raw ?? "",
      historyRows: p.historyRows?.raw ?? null,
    }),
    record: { entityName, id: recordId },
    boundJobId: p.jobId?.raw || null,
    disabledReason: disabledReason(context, recordId),
    width: Number.isFinite(width) && width > 0 ? width : null,
    theme: (context.fluentDesignLanguage?.tokenTheme as Theme | undefined) ?? webLightTheme,
    strings,
    format: createFormatter(
      {
        groupSeparator: numbers.numberGroupSeparator,
        groupSizes: numbers.numberGroupSizes,
        shortDatePattern: dates.shortDatePattern,
        shortTimePattern: dates.shortTimePattern,
        amDesignator: dates.amDesignator,
        pmDesignator: dates.pmDesignator,
        timeZoneOffsetMinutes: (date) => context.userSettings.getTimeZoneOffsetMinutes(date),
      },
      strings,
    ),
    services: recordServices(context, entityName, recordId),
    deps: hooks.deps,
    onJobIdChange: hooks.onJobIdChange,
    lifetime: hooks.lifetime,
  };
}

function disabledReason(
  context: ComponentFramework.Context<IInputs>,
  recordId: string | null,
): DisabledReason | null {
  if (recordId === null) return "unsaved";
  if (context.mode.isControlDisabled) return "readOnly";
  if (context.client.isOffline() || !context.client.isNetworkAvailable()) return "offline";
  return null;
}

function recordServices(
  context: ComponentFramework.Context<IInputs>,
  entityName: string,
  recordId: string | null,
): RecordServices {
  return {
    readColumns: async (names) => {
      if (names.length === 0 || recordId === null) return {};
      const row = await context.webAPI.retrieveRecord(entityName, recordId, `?$select=${names.join(",")}`);
      const values: Record<string, string | null> = {};
      for (const name of names) values[name] = columnText(row[name]);
      return values;
    },
    loginHint: async () => {
      const userId = normalizeId(context.userSettings.userId);
      if (userId === null) return null;
      const user = await context.webAPI.retrieveRecord("systemuser", userId, "?$select=domainname");
      return typeof user.domainname === "string" && user.domainname !== "" ? user.domainname : null;
    },
  };
}

function columnText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  // Numbers and booleans come out as JSON does (3, true); lookups and option sets as JSON objects.
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** Dataverse hands ids out as "{GUID}" in places (userSettings.userId) and bare elsewhere. */
function normalizeId(id: string | null | undefined): string | null {
  const bare = (id ?? "").replace(/[{}]/g, "").toLowerCase();
  return bare === "" || /^0{8}-0{4}-0{4}-0{4}-0{12}$/.test(bare) ? null : bare;
}
