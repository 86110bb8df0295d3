import { STATE_LABELS, STATUS_LABELS, type BackgroundOperation } from "../engine/operation";

export const OPERATION_FIELDS = [
  "backgroundoperationid",
  "name",
  "displayname",
  "backgroundoperationstatecode",
  "backgroundoperationstatuscode",
  "inputparameters",
  "outputparameters",
  "starttime",
  "endtime",
  "retrycount",
  "errorcode",
  "errormessage",
  "runas",
  "createdon",
  "ttlinseconds",
] as const;

const FORMATTED = "@OData.Community.Display.V1.FormattedValue";

/** `inputparameters`/`outputparameters` are JSON text: an array of `{ Key, Value }` pairs. */
const keyValueText = (values: Record<string, unknown> | null, asText = false) =>
  values === null
    ? null
    : JSON.stringify(
        Object.entries(values).map(([Key, Value]) => ({ Key, Value: asText ? String(Value) : Value })),
      );

const en = new Intl.DateTimeFormat("en-US", {
  year: "numeric",
  month: "numeric",
  day: "numeric",
  hour: "numeric",
  minute: "2-digit",
  timeZone: "UTC",
});
const formatDate = (d: Date | null) => (d ? en.format(d).replace(",", "") : undefined);
const formatNumber = (n: number | null) => (n === null ? undefined : n.toLocaleString("en-US"));

/**
 * A `backgroundoperation` row as the Web API returns it. Formatted values (en-US, UTC, as for a
 * user with default settings) only when the Prefer header asks for them.
 */
export function operationRow(op: BackgroundOperation, formatted: boolean): Record<string, unknown> {
  const row: Record<string, unknown> = {
    "@odata.etag": `W/"${op.version}"`,
    backgroundoperationid: op.id,
    name: op.name,
    displayname: op.displayName,
    backgroundoperationstatecode: op.stateCode,
    backgroundoperationstatuscode: op.statusCode,
    inputparameters: keyValueText(op.input),
    // The documented row shows every output value as a string ("Value": "40"), numbers included.
    outputparameters: keyValueText(op.outputs, true),
    starttime: op.startTime?.toISOString() ?? null,
    endtime: op.endTime?.toISOString() ?? null,
    retrycount: op.retryCount,
    errorcode: op.errorCode,
    errormessage: op.errorMessage,
    runas: op.runAs,
    createdon: op.createdOn.toISOString(),
    ttlinseconds: op.ttlInSeconds,
  };
  if (!formatted) return row;
  const labels: Record<string, string | undefined> = {
    backgroundoperationstatecode: STATE_LABELS[op.stateCode],
    backgroundoperationstatuscode: STATUS_LABELS[op.statusCode],
    starttime: formatDate(op.startTime),
    endtime: formatDate(op.endTime),
    createdon: formatDate(op.createdOn),
    retrycount: formatNumber(op.retryCount),
    errorcode: formatNumber(op.errorCode),
    ttlinseconds: formatNumber(op.ttlInSeconds),
  };
  for (const [field, label] of Object.entries(labels))
    if (label !== undefined) row[`${field}${FORMATTED}`] = label;
  return row;
}
