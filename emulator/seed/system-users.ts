import { DEMO_USER, OTHER_USER, SERVER_APP, SERVER_APP_USER } from "../identities";

/** A `systemuser` row plus the two privileges the emulator models. */
export interface SystemUser {
  systemuserid: string;
  fullname: string;
  domainname: string;
  azureactivedirectoryobjectid: string;
  applicationid: string | null;
  /** 0 Read-Write (a person), 4 Non-interactive (an application user). */
  accessmode: 0 | 4;
  isdisabled: boolean;
  /** prvActOnBehalfOfAnotherUser: may send CallerObjectId / MSCRMCallerID. */
  canImpersonate: boolean;
  /**
   * Read and Write on backgroundoperation. The table is organization-owned, so the only depths are
   * None and Organization: whoever may read one row reads them all, whoever runs them.
   */
  readsOperations: boolean;
}

export const SYSTEM_USERS: readonly SystemUser[] = [
  {
    systemuserid: SERVER_APP_USER.systemUserId,
    fullname: SERVER_APP_USER.fullName,
    domainname: `${SERVER_APP.clientId}@emulator.example`,
    azureactivedirectoryobjectid: SERVER_APP_USER.objectId,
    applicationid: SERVER_APP.clientId,
    accessmode: 4,
    isdisabled: false,
    canImpersonate: true,
    readsOperations: true,
  },
  ...[DEMO_USER, OTHER_USER].map((u): SystemUser => ({
    systemuserid: u.systemUserId,
    fullname: u.fullName,
    domainname: u.domainName,
    azureactivedirectoryobjectid: u.objectId,
    applicationid: null,
    accessmode: 0,
    isdisabled: false,
    canImpersonate: false,
    readsOperations: true,
  })),
];

export const findUserByObjectId = (oid: string) =>
  SYSTEM_USERS.find((u) => u.azureactivedirectoryobjectid === oid.toLowerCase());
export const findUserById = (id: string) => SYSTEM_USERS.find((u) => u.systemuserid === id.toLowerCase());
export const findUserByApplicationId = (appId: string) =>
  SYSTEM_USERS.find((u) => u.applicationid === appId.toLowerCase());

/** The columns a client may read (the privilege flags are the emulator's, not Dataverse's). */
export function userColumns(u: SystemUser) {
  return {
    systemuserid: u.systemuserid,
    fullname: u.fullname,
    domainname: u.domainname,
    azureactivedirectoryobjectid: u.azureactivedirectoryobjectid,
    applicationid: u.applicationid,
    accessmode: u.accessmode,
    isdisabled: u.isdisabled,
  };
}
