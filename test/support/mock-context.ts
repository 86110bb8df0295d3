import { webDarkTheme, type Theme } from "@fluentui/react-components";
import { vi, type Mock } from "vitest";
import type { IInputs } from "../../generated/ManifestTypes";
import { RECORD_ID } from "./jobs";
import { readResx } from "./resx";

export const USER_ID = "9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d";
export const USER_UPN = "alex@contoso.example";

type InputName = keyof IInputs;
type RawValues = { [K in InputName]?: IInputs[K]["raw"] };

export interface MockContextOptions {
  parameters?: RawValues;
  /** null: an unsaved record (the platform gives no id). */
  entityId?: string | null;
  isControlDisabled?: boolean;
  offline?: boolean;
  /** Pixels; the harness passes strings, so tests may too. */
  allocatedWidth?: number | string;
  lcid?: 1033 | 1036;
  theme?: Theme;
  webAPI?: Partial<ComponentFramework.WebApi>;
  /** Inputs the host leaves out of context.parameters altogether (not even { raw: null }). */
  omit?: InputName[];
}

export interface MockContext {
  context: ComponentFramework.Context<IInputs>;
  trackContainerResize: Mock<(value: boolean) => void>;
  retrieveRecord: Mock<ComponentFramework.WebApi["retrieveRecord"]>;
  /** Changes an input the way the platform does before calling updateView again. */
  setRaw<K extends InputName>(name: K, raw: IInputs[K]["raw"]): void;
}

const DEFAULTS: RawValues = {
  apiBaseUrl: "https://api.example.test",
  customApiName: "sample_SyncRecordsToExternalSystem",
  parametersTemplate: '{"EntityName":"{entityName}"}',
  confirmFullSync: false,
  historyRows: 5,
};

const NAMES: InputName[] = [
  "jobId",
  "scope",
  "apiBaseUrl",
  "customApiName",
  "parametersTemplate",
  "buttonLabel",
  "confirmFullSync",
  "clientId",
  "authority",
  "apiScope",
  "redirectUri",
  "historyRows",
];

/** Every input a maker may leave unset: all but the required API base URL. */
export const OPTIONAL_INPUTS: InputName[] = NAMES.filter((name) => name !== "apiBaseUrl");

/** The one shared PCF context for control tests: every manifest input, en-US or fr-FR settings, real resx. */
export function createMockContext(options: MockContextOptions = {}): MockContext {
  const values: RawValues = { ...DEFAULTS, ...options.parameters };
  const parameters = Object.fromEntries(
    NAMES.filter((name) => !(options.omit ?? []).includes(name)).map((name) => [
      name,
      { raw: values[name] ?? null, error: false },
    ]),
  );
  const strings = readResx(options.lcid ?? 1033);
  const french = options.lcid === 1036;
  const trackContainerResize = vi.fn<(value: boolean) => void>();
  const retrieveRecord = vi.fn<ComponentFramework.WebApi["retrieveRecord"]>((entity, id) =>
    Promise.resolve(
      entity === "systemuser" && id === USER_ID
        ? { domainname: USER_UPN }
        : { name: "Contoso", accountnumber: "ACC-42", numberofemployees: 120 },
    ),
  );
  const context = {
    parameters,
    updatedProperties: [],
    mode: {
      isControlDisabled: options.isControlDisabled ?? false,
      isVisible: true,
      label: "Background Sync",
      allocatedWidth: options.allocatedWidth ?? -1,
      allocatedHeight: -1,
      trackContainerResize,
    },
    client: { isOffline: () => options.offline ?? false, isNetworkAvailable: () => true },
    userSettings: {
      userId: `{${USER_ID.toUpperCase()}}`,
      userName: "Alex Wilber",
      languageId: options.lcid ?? 1033,
      isRTL: false,
      securityRoles: [],
      numberFormattingInfo: { numberGroupSeparator: french ? "\u00a0" : ",", numberGroupSizes: [3] },
      dateFormattingInfo: french
        ? { shortDatePattern: "dd/MM/yyyy", shortTimePattern: "HH:mm", amDesignator: "", pmDesignator: "" }
        : {
            shortDatePattern: "M/d/yyyy",
            shortTimePattern: "h:mm tt",
            amDesignator: "AM",
            pmDesignator: "PM",
          },
      getTimeZoneOffsetMinutes: () => 60,
    },
    resources: { getString: (key: string) => strings.get(key) ?? key },
    fluentDesignLanguage:
      options.theme === undefined
        ? undefined
        : { tokenTheme: options.theme, isDarkTheme: options.theme === webDarkTheme },
    page: {
      entityId: options.entityId === undefined ? RECORD_ID : options.entityId,
      entityTypeName: "account",
    },
    webAPI: { retrieveRecord, ...options.webAPI },
    factory: { requestRender: vi.fn() },
  };
  return {
    context: context as unknown as ComponentFramework.Context<IInputs>,
    trackContainerResize,
    retrieveRecord,
    setRaw: (name, raw) => {
      (parameters[name] as { raw: unknown }).raw = raw;
    },
  };
}
