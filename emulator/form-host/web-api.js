/**
 * context.webAPI backed by the emulator's Web API on the same origin: the session cookie set with
 * the page authenticates the calls, as in a model-driven app.
 */
const ENTITY_SETS = {
  account: "accounts",
  systemuser: "systemusers",
  backgroundoperation: "backgroundoperations",
};

const entitySet = (entityType) => ENTITY_SETS[entityType] ?? `${entityType}s`;

async function call(path) {
  const response = await fetch(`/api/data/v9.2/${path}`, {
    headers: { Accept: "application/json", "OData-Version": "4.0", "OData-MaxVersion": "4.0" },
    credentials: "same-origin",
  });
  const body = await response.json().catch(() => ({}));
  // The platform rejects with { errorCode, message }, not an Error.
  if (!response.ok) throw { errorCode: response.status, message: body.error?.message ?? response.statusText };
  return body;
}

const query = (options) => (options ? (options.startsWith("?") ? options : `?${options}`) : "");

function unsupported(name) {
  return () => Promise.reject({ errorCode: 501, message: `form host: webAPI.${name} is not emulated` });
}

export function createWebApi() {
  return {
    retrieveRecord: (entityType, id, options) =>
      call(`${entitySet(entityType)}(${id.replace(/[{}]/g, "")})${query(options)}`),
    retrieveMultipleRecords: async (entityType, options, maxPageSize) => {
      const body = await call(`${entitySet(entityType)}${query(options)}`);
      const entities = maxPageSize ? body.value.slice(0, maxPageSize) : body.value;
      return { entities, nextLink: body["@odata.nextLink"] };
    },
    createRecord: unsupported("createRecord"),
    updateRecord: unsupported("updateRecord"),
    deleteRecord: unsupported("deleteRecord"),
  };
}
