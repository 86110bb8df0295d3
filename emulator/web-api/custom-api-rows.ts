import { createHash } from "node:crypto";
import { customApis, CustomApiType, type CustomApiDefinition } from "../../contracts/custom-apis";

/** Stable GUIDs for metadata rows, derived from their names (the definition has no ids). */
function nameGuid(name: string): string {
  const h = createHash("sha1").update(name).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const TYPE_LABELS = Object.fromEntries(Object.entries(CustomApiType).map(([k, v]) => [v, k])) as Record<
  number,
  string
>;
export const typeLabel = (type: number) => TYPE_LABELS[type];

export type Row = Record<string, unknown>;

export function customApiRow(d: CustomApiDefinition): Row {
  return {
    customapiid: nameGuid(`customapi:${d.uniquename}`),
    uniquename: d.uniquename,
    name: d.name,
    displayname: d.displayname,
    description: d.description,
    bindingtype: d.bindingtype,
    boundentitylogicalname: null,
    isfunction: d.isfunction,
    isprivate: d.isprivate,
    allowedcustomprocessingsteptype: d.allowedcustomprocessingsteptype,
    executeprivilegename: null,
  };
}

export function requestParameterRows(d: CustomApiDefinition): Row[] {
  const apiId = nameGuid(`customapi:${d.uniquename}`);
  return d.requestParameters.map((p) => ({
    customapirequestparameterid: nameGuid(`request:${d.uniquename}.${p.uniquename}`),
    uniquename: p.uniquename,
    name: p.name,
    displayname: p.displayname,
    description: p.description,
    type: p.type,
    isoptional: p.isoptional,
    logicalentityname: null,
    _customapiid_value: apiId,
  }));
}

export function responsePropertyRows(d: CustomApiDefinition): Row[] {
  const apiId = nameGuid(`customapi:${d.uniquename}`);
  return d.responseProperties.map((p) => ({
    customapiresponsepropertyid: nameGuid(`response:${d.uniquename}.${p.uniquename}`),
    uniquename: p.uniquename,
    name: p.name,
    displayname: p.displayname,
    description: p.description,
    type: p.type,
    logicalentityname: null,
    _customapiid_value: apiId,
  }));
}

/** The three metadata tables, one entry per entity set, read from the solution's definitions. */
export const METADATA_TABLES = {
  customapis: { key: "customapiid", rows: () => customApis.map(customApiRow) },
  customapirequestparameters: {
    key: "customapirequestparameterid",
    rows: () => customApis.flatMap(requestParameterRows),
  },
  customapiresponseproperties: {
    key: "customapiresponsepropertyid",
    rows: () => customApis.flatMap(responsePropertyRows),
  },
} as const;

/** Collection-valued navigation properties of `customapi` and the tables they point at. */
export const CUSTOM_API_NAVIGATION = {
  CustomAPIRequestParameters: "customapirequestparameters",
  CustomAPIResponseProperties: "customapiresponseproperties",
} as const;
