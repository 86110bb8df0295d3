/** The Web API root under the org URL (dataverse-facts.md); the status monitor lives outside it. */
export const API = "/api/data/v9.2";
