/**
 * The Custom APIs this solution defines: the one source of truth that the packer writes as
 * `customapis/...` XML, the emulator serves as `customapis` metadata, and the tests compare.
 * Field names follow the Dataverse `customapi`, `customapirequestparameter` and
 * `customapiresponseproperty` tables.
 */

/** Custom API parameter and response property `type` codes (docs/dataverse.md). */
export const CustomApiType = {
  Boolean: 0,
  DateTime: 1,
  Decimal: 2,
  Entity: 3,
  EntityCollection: 4,
  EntityReference: 5,
  Float: 6,
  Integer: 7,
  Money: 8,
  Picklist: 9,
  String: 10,
  StringArray: 11,
  Guid: 12,
} as const;
export type CustomApiTypeCode = (typeof CustomApiType)[keyof typeof CustomApiType];

export interface CustomApiRequestParameter {
  uniquename: string;
  name: string;
  displayname: string;
  description: string;
  type: CustomApiTypeCode;
  isoptional: boolean;
}

export interface CustomApiResponseProperty {
  uniquename: string;
  name: string;
  displayname: string;
  description: string;
  type: CustomApiTypeCode;
}

export interface CustomApiDefinition {
  uniquename: string;
  name: string;
  displayname: string;
  description: string;
  /** 0 Global (unbound), 1 Entity, 2 EntityCollection. */
  bindingtype: 0 | 1 | 2;
  isfunction: boolean;
  isprivate: boolean;
  /** 0 None, 1 Async only, 2 Sync and async. */
  allowedcustomprocessingsteptype: 0 | 1 | 2;
  requestParameters: CustomApiRequestParameter[];
  responseProperties: CustomApiResponseProperty[];
}

const param = (
  uniquename: string,
  type: CustomApiTypeCode,
  isoptional: boolean,
  description: string,
): CustomApiRequestParameter => ({
  uniquename,
  name: uniquename,
  displayname: uniquename,
  description,
  type,
  isoptional,
});

const output = (
  uniquename: string,
  type: CustomApiTypeCode,
  description: string,
): CustomApiResponseProperty => ({
  uniquename,
  name: uniquename,
  displayname: uniquename,
  description,
  type,
});

/**
 * The Dataverse environment variable (a solution component, set per environment at import) that
 * holds the external system's endpoint when a start leaves ExternalSystemUrl out.
 */
export const EXTERNAL_SYSTEM_URL_VARIABLE = "sample_ExternalSystemUrl";

export const syncRecordsToExternalSystem: CustomApiDefinition = {
  uniquename: "sample_SyncRecordsToExternalSystem",
  name: "sample_SyncRecordsToExternalSystem",
  displayname: "Sync records to external system",
  description: "Sends one batch of an entity's rows to the external ERP and returns a cursor for the rest.",
  bindingtype: 0,
  isfunction: false,
  isprivate: false,
  allowedcustomprocessingsteptype: 0,
  requestParameters: [
    param(
      "EntityName",
      CustomApiType.String,
      false,
      "Logical name of the table to sync, for example account.",
    ),
    param("SyncMode", CustomApiType.String, false, "Incremental (rows modified after LastSyncDate) or Full."),
    // Optional so that a template without it works: the URL differs per environment (dev, test,
    // production), which a form property cannot, since forms travel unchanged between them.
    param(
      "ExternalSystemUrl",
      CustomApiType.String,
      true,
      `Endpoint of the external system that receives the rows; empty: the environment variable ${EXTERNAL_SYSTEM_URL_VARIABLE}.`,
    ),
    param(
      "LastSyncDate",
      CustomApiType.DateTime,
      true,
      "Incremental syncs send rows modified after this time.",
    ),
    param(
      "Cursor",
      CustomApiType.String,
      true,
      "Where the previous batch stopped; empty for the first batch.",
    ),
    param("BatchSize", CustomApiType.Integer, true, "Rows sent to the external system per request."),
    param(
      "ProgressUrl",
      CustomApiType.String,
      true,
      "Set by the companion API: a signed, expiring URL to POST {done, total} to while the run goes on (docs/plugin-progress.md).",
    ),
    param(
      "RecordIds",
      CustomApiType.StringArray,
      true,
      "Sync only these rows (by id), for example the ones a previous sync failed; all rows when omitted.",
    ),
  ],
  responseProperties: [
    output("SyncedCount", CustomApiType.Integer, "Rows the external system accepted in this run."),
    output("FailedCount", CustomApiType.Integer, "Rows the external system rejected in this run."),
    output("TotalCount", CustomApiType.Integer, "Rows to sync in the whole job, when known."),
    output(
      "NextCursor",
      CustomApiType.String,
      "Where the next batch starts; empty when the sync is complete.",
    ),
    output(
      "FailedRecords",
      CustomApiType.String,
      'The rows the external system rejected in this run, as JSON: [{"id", "name"?, "reason"}].',
    ),
  ],
};

export const customApis: readonly CustomApiDefinition[] = [syncRecordsToExternalSystem];
