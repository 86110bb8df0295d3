import { CustomApiType, type CustomApiDefinition, type CustomApiTypeCode } from "../../contracts/custom-apis";
import { ErrorCodes } from "./odata-error";

export type InputCheck =
  { ok: true; input: Record<string, unknown> } | { ok: false; code: string; message: string };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INT32 = (v: unknown) =>
  Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647;

/** JSON shape each type code accepts in a Web API action body. */
const ACCEPTS: Record<CustomApiTypeCode, (v: unknown) => boolean> = {
  [CustomApiType.Boolean]: (v) => typeof v === "boolean",
  [CustomApiType.DateTime]: (v) => typeof v === "string" && !Number.isNaN(Date.parse(v)),
  [CustomApiType.Decimal]: (v) => typeof v === "number",
  [CustomApiType.Entity]: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  [CustomApiType.EntityCollection]: (v) => Array.isArray(v),
  [CustomApiType.EntityReference]: (v) => typeof v === "object" && v !== null && !Array.isArray(v),
  [CustomApiType.Float]: (v) => typeof v === "number",
  [CustomApiType.Integer]: INT32,
  [CustomApiType.Money]: (v) => typeof v === "number",
  [CustomApiType.Picklist]: INT32,
  [CustomApiType.String]: (v) => typeof v === "string",
  [CustomApiType.StringArray]: (v) => Array.isArray(v) && v.every((s) => typeof s === "string"),
  [CustomApiType.Guid]: (v) => typeof v === "string" && GUID.test(v),
};

const TYPE_NAMES = Object.fromEntries(Object.entries(CustomApiType).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;

/**
 * Checks an action body against the Custom API definition the way the Web API does: unknown
 * properties and wrong JSON types are payload errors, a missing required parameter is an invalid
 * argument. Annotations (`@odata.type` and the like) are ignored.
 */
export function validateInput(definition: CustomApiDefinition, body: unknown): InputCheck {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    return { ok: false, code: ErrorCodes.InvalidPayload, message: "The request body must be a JSON object." };
  const input: Record<string, unknown> = {};
  const params = new Map(definition.requestParameters.map((p) => [p.uniquename, p]));
  for (const [key, value] of Object.entries(body)) {
    if (key.includes("@")) continue;
    const param = params.get(key);
    if (!param)
      return {
        ok: false,
        code: ErrorCodes.InvalidPayload,
        message: `The property '${key}' does not exist on type 'Microsoft.Dynamics.CRM.${definition.uniquename}'. Make sure to only use property names that are defined by the type.`,
      };
    if (value === null && param.isoptional) continue;
    if (!ACCEPTS[param.type](value))
      return {
        ok: false,
        code: ErrorCodes.InvalidPayload,
        message: `Cannot convert the literal '${JSON.stringify(value)}' to the expected type '${TYPE_NAMES[param.type] ?? "?"}' of parameter '${key}'.`,
      };
    input[key] = value;
  }
  const missing = definition.requestParameters.find((p) => !p.isoptional && !(p.uniquename in input));
  if (missing)
    return {
      ok: false,
      code: ErrorCodes.InvalidArgument,
      message: `Required parameter '${missing.uniquename}' is missing for message '${definition.uniquename}'.`,
    };
  return { ok: true, input };
}
