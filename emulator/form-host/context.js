import { formattingFor, localeFor } from "./locale.js";
import { createWebApi } from "./web-api.js";

function parameter(property, value) {
  const { name, type } = property;
  // The platform gives the manifest's default-value for an input the maker left empty.
  const text = value === undefined || value === "" ? property.defaultValue : value;
  let raw = text === undefined || text === "" ? null : text;
  if (type === "Whole.None" && raw !== null) raw = Number(raw);
  if (type === "TwoOptions") raw = raw === true || raw === "true" || raw === "1";
  return {
    raw,
    formatted: raw === null ? "" : String(raw),
    type,
    error: false,
    errorMessage: "",
    security: { editable: true, readable: true, secured: false },
    attributes: { LogicalName: name },
  };
}

/**
 * A ComponentFramework.Context shaped like a model-driven form's. `state` is the page's mutable
 * state (parameters, width, theme), read again each time the control is rendered.
 */
export function createContext(state, host) {
  const locale = localeFor(state.lcid);
  const fluent = window.FluentUIReactv940;
  const parameters = {};
  for (const property of state.properties)
    parameters[property.name] = parameter(property, state.parameters[property.name]);
  const record = state.record;
  return {
    parameters,
    updatedProperties: state.updatedProperties,
    mode: {
      isControlDisabled: state.readOnly,
      isVisible: true,
      label: "Background Sync",
      // The platform passes -1 until the control asks to track its container's size.
      allocatedWidth: state.trackResize ? state.width : -1,
      allocatedHeight: -1,
      trackContainerResize: (value) => host.trackResize(value),
      setControlState: () => true,
      setFullScreen: () => undefined,
      contextInfo: {
        entityId: record.entityId,
        entityTypeName: record.entityTypeName,
        entityRecordName: record.recordName,
      },
    },
    client: {
      disableScroll: false,
      getClient: () => "Web",
      getFormFactor: () => 1,
      isOffline: () => state.offline,
      isNetworkAvailable: () => window.navigator.onLine,
    },
    userSettings: {
      userId: `{${state.user.userId.toUpperCase()}}`,
      userName: state.user.userName,
      languageId: state.lcid,
      isRTL: false,
      securityRoles: [],
      dateFormattingInfo: locale.dates,
      numberFormattingInfo: locale.numbers,
      getTimeZoneOffsetMinutes: (date) => state.timeZoneOffset ?? -(date ?? new Date()).getTimezoneOffset(),
    },
    formatting: formattingFor(locale),
    resources: {
      getString: (key) => state.strings.get(key) ?? key,
      getResource: (_id, _success, failure) => failure(),
    },
    fluentDesignLanguage: {
      tokenTheme: state.theme === "dark" ? fluent.webDarkTheme : fluent.webLightTheme,
      isDarkTheme: state.theme === "dark",
    },
    page: {
      entityId: record.entityId,
      entityTypeName: record.entityTypeName,
      isPageReadOnly: state.readOnly,
    },
    webAPI: createWebApi(),
    factory: { requestRender: () => host.render() },
    navigation: {},
    utils: {},
    device: {},
  };
}
