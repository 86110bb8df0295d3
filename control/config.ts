import type { StringKey } from "./strings";
import { isKnownToken, templateTokens } from "../contracts/template";

/** What the button starts: a sync of the form's record, or of its whole table (manifest `scope`). */
export type SyncScope = "record" | "table";

/** The manifest's input properties as text/number, before validation. */
export interface RawConfig {
  scope: string;
  apiBaseUrl: string;
  customApiName: string;
  parametersTemplate: string;
  buttonLabel: string;
  confirmFullSync: boolean;
  clientId: string;
  authority: string;
  apiScope: string;
  redirectUri: string;
  historyRows: number | null;
}

export interface AuthConfig {
  clientId: string;
  authority: string;
  scope: string;
  redirectUri: string | null;
}

export interface ControlConfig {
  scope: SyncScope;
  apiBaseUrl: string;
  customApiName: string;
  template: Record<string, unknown>;
  buttonLabel: string | null;
  confirmFullSync: boolean;
  auth: AuthConfig | null;
  historyRows: number;
}

export interface ConfigProblem {
  key: StringKey;
  arg?: string;
}

export type ConfigResult = { ok: true; config: ControlConfig } | { ok: false; problems: ConfigProblem[] };

export const DEFAULT_CUSTOM_API = "sample_SyncRecordsToExternalSystem";
/**
 * What an empty template means, per scope: inputs the shipped Custom API accepts as they are. Its
 * ExternalSystemUrl is left to the environment variable sample_ExternalSystemUrl, set per
 * environment at import (solution/README.md). One record is sent whole (Full); the table only
 * sends rows changed since this record's last successful sync (everything on the first).
 */
export const DEFAULT_TEMPLATES: Record<SyncScope, string> = {
  record: '{"EntityName":"{entityName}","RecordIds":["{recordId}"],"SyncMode":"Full"}',
  table: '{"EntityName":"{entityName}","SyncMode":"Incremental","LastSyncDate":"{lastSuccess}"}',
};
const DEFAULT_HISTORY_ROWS = 5;
const MAX_HISTORY_ROWS = 50;

/** Checks everything a maker can get wrong and reports all problems at once. */
export function validateConfig(raw: RawConfig): ConfigResult {
  const problems: ConfigProblem[] = [];
  if (!isHttpUrl(raw.apiBaseUrl, ["http:", "https:"])) problems.push({ key: "Config_ApiBaseUrl" });
  // Unset (a host that leaves the input out) is the manifest's default, record.
  const syncScope: SyncScope = raw.scope === "table" ? "table" : "record";
  const customApiName = raw.customApiName.trim() || DEFAULT_CUSTOM_API;
  const template = parseTemplate(raw.parametersTemplate.trim() || DEFAULT_TEMPLATES[syncScope], problems);
  const authParts = [raw.clientId, raw.authority, raw.apiScope].map((part) => part.trim());
  const authCount = authParts.filter((part) => part !== "").length;
  if (authCount !== 0 && authCount !== 3) problems.push({ key: "Config_Auth" });
  if (authCount === 3 && !isHttpUrl(raw.authority, ["https:"])) problems.push({ key: "Config_AuthorityUrl" });
  const historyRows = raw.historyRows ?? DEFAULT_HISTORY_ROWS;
  if (!Number.isInteger(historyRows) || historyRows < 0 || historyRows > MAX_HISTORY_ROWS) {
    problems.push({ key: "Config_HistoryRows" });
  }
  if (problems.length > 0 || template === null) return { ok: false, problems };
  const [clientId = "", authority = "", scope = ""] = authParts;
  return {
    ok: true,
    config: {
      scope: syncScope,
      apiBaseUrl: raw.apiBaseUrl.trim().replace(/\/+$/, ""),
      customApiName,
      template,
      buttonLabel: raw.buttonLabel.trim() || null,
      confirmFullSync: raw.confirmFullSync,
      auth:
        authCount === 3 ? { clientId, authority, scope, redirectUri: raw.redirectUri.trim() || null } : null,
      historyRows,
    },
  };
}

function parseTemplate(text: string, problems: ConfigProblem[]): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    problems.push({
      key: "Config_TemplateJson",
      arg: error instanceof Error ? error.message : String(error),
    });
    return null;
  }
  if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
    problems.push({ key: "Config_TemplateJson", arg: text.slice(0, 40) });
    return null;
  }
  const template = parsed as Record<string, unknown>;
  for (const token of templateTokens(template)) {
    if (!isKnownToken(token)) problems.push({ key: "Config_TemplateToken", arg: `{${token}}` });
  }
  return template;
}

function isHttpUrl(text: string, protocols: string[]): boolean {
  try {
    return protocols.includes(new URL(text.trim()).protocol);
  } catch {
    return false;
  }
}
