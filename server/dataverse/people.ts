import type { DataverseClient } from "./client";
import type { DataverseHttp } from "./http";
import { API } from "./web-api";

/** A Dataverse user who is a person: an enabled `systemuser` with an Entra object id and no application id. */
export interface DataversePerson {
  objectId: string;
  name: string;
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Finds the person a schedule runs as, by Entra object id. Application users (an `applicationid`,
 * access mode 4 Non-interactive) and disabled users are not people a schedule may run as: a run must
 * act with a named person's privileges, never silently with the API's own application user.
 */
export function createPeopleReader(http: DataverseHttp): Pick<DataverseClient, "findPerson"> {
  return {
    async findPerson(objectId) {
      if (!GUID.test(objectId)) return null;
      const filter = `azureactivedirectoryobjectid eq ${objectId.toLowerCase()}`;
      const res = await http({
        method: "GET",
        path:
          `${API}/systemusers?$select=fullname,azureactivedirectoryobjectid,applicationid,isdisabled` +
          `&$filter=${encodeURIComponent(filter)}`,
      });
      const rows = ((res.body as { value?: unknown } | null)?.value ?? []) as Record<string, unknown>[];
      const person = rows.find((u) => !u.applicationid && u.isdisabled !== true);
      if (!person) return null;
      const name = typeof person.fullname === "string" && person.fullname ? person.fullname : objectId;
      return { objectId: objectId.toLowerCase(), name };
    },
  };
}
