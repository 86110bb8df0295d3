/** The Web API root under the org URL (docs/dataverse.md); the status monitor lives outside it. */
export const API = "/api/data/v9.2";
