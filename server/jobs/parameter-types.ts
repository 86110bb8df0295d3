import { CustomApiType, type CustomApiTypeCode } from "../../contracts/custom-apis";

/**
 * What each Custom API parameter type accepts, ranges included, so a value Dataverse would refuse
 * (or overflow) is answered 400 here rather than sent. The ranges are those of the .NET types the
 * Web API binds the JSON to: Integer and Picklist are Int32, Decimal is System.Decimal, Float is
 * System.Double, Money is Dataverse's money range, DateTime is an ISO 8601 date or date-time.
 */

const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
/** System.Decimal.MaxValue, 79,228,162,514,264,337,593,543,950,335. */
const DECIMAL_MAX = 7.922816251426434e28;
/** The money range Dataverse documents for currency columns (+-922,337,203,685,477). */
const MONEY_MAX = 922_337_203_685_477;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,7})?)?(?:Z|[+-](\d{2}):(\d{2}))?)?$/;

const number = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const within = (max: number) => (v: unknown) => number(v) && Math.abs(v) <= max;
const int32 = (v: unknown) => Number.isInteger(v) && (v as number) >= INT32_MIN && (v as number) <= INT32_MAX;
const object = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);

/** A real calendar date and time (no 2026-02-30, no 24:00), years 0001 to 9999 as System.DateTime. */
function isoDateTime(v: unknown): boolean {
  const m = typeof v === "string" ? ISO_DATE_TIME.exec(v) : null;
  if (!m) return false;
  const [year, month, day, hour = 0, minute = 0, second = 0, offH = 0, offM = 0] = m
    .slice(1)
    .map((x) => (x === undefined ? undefined : Number(x)));
  if (year === undefined || month === undefined || day === undefined || year < 1) return false;
  const date = new Date(Date.UTC(2000, month - 1, day));
  date.setUTCFullYear(year);
  return (
    date.getUTCMonth() === month - 1 &&
    date.getUTCDate() === day &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offH <= 14 &&
    offM < 60
  );
}

export const typeChecks: Record<CustomApiTypeCode, [string, (v: unknown) => boolean]> = {
  [CustomApiType.Boolean]: ["a boolean", (v) => typeof v === "boolean"],
  [CustomApiType.DateTime]: ["an ISO 8601 date or date-time (yyyy-mm-ddThh:mm:ssZ)", isoDateTime],
  [CustomApiType.Decimal]: ["a decimal number within +-7.9228e28", within(DECIMAL_MAX)],
  [CustomApiType.Float]: ["a finite number", number],
  [CustomApiType.Money]: [`a number within +-${MONEY_MAX}`, within(MONEY_MAX)],
  [CustomApiType.Integer]: [`an integer from ${INT32_MIN} to ${INT32_MAX}`, int32],
  [CustomApiType.Picklist]: [`an integer option value from ${INT32_MIN} to ${INT32_MAX}`, int32],
  [CustomApiType.String]: ["a string", (v) => typeof v === "string"],
  [CustomApiType.StringArray]: [
    "an array of strings",
    (v) => Array.isArray(v) && v.every((x) => typeof x === "string"),
  ],
  [CustomApiType.Guid]: ["a GUID", (v) => typeof v === "string" && GUID.test(v)],
  [CustomApiType.EntityReference]: ["an object", object],
  [CustomApiType.Entity]: ["an object", object],
  [CustomApiType.EntityCollection]: ["an array", Array.isArray],
};
