import { createContext } from "./context.js";
import { loadProperties } from "./manifest.js";
import { loadStrings } from "./resx.js";

/**
 * Boots the built control the way a model-driven form does: platform libraries as globals, the
 * bundle registering itself with ComponentFramework.registerControl, then init/updateView with a
 * context. Query options: theme=dark, width=<px> (the form section's width), lcid=<1033|1036>, id=<accountid>, readonly=1,
 * new=1 (unsaved record), offline=1, tz=<minutes east of UTC>, p.<input>=<value> (override an input).
 */
const CONTROL_NAME = "BgSync.BackgroundSync";
const query = new window.URLSearchParams(window.location.search);

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error(`cannot load ${src}`));
    document.head.appendChild(script);
  });
}

async function loadControlClass() {
  await loadScript("/vendor/react.js");
  // One React for everyone: the bundle uses Reactv16 and Fluent uses window.React; two copies of
  // React (react.js plus react-umd.js) would break every hook, so alias the globals to one copy.
  window.React = window.Reactv16;
  window.ReactDOM = window.ReactDOMv16;
  await loadScript("/vendor/fluent.js");
  const registered = new Map();
  // Must exist before bundle.js runs: the bundle registers itself here, else it sets a global.
  window.ComponentFramework = { registerControl: (name, ctor) => registered.set(name, ctor) };
  await loadScript("/control/bundle.js");
  const Control = registered.get(CONTROL_NAME);
  if (!Control) throw new Error(`bundle.js did not register ${CONTROL_NAME}`);
  return Control;
}

function readState(info, properties, strings, lcid) {
  const overrides = {};
  for (const [key, value] of query) if (key.startsWith("p.")) overrides[key.slice(2)] = value;
  const saved = window.localStorage.getItem(`bgsync.formhost.jobId.${info.entityId}`);
  const isNew = query.get("new") === "1";
  return {
    lcid,
    properties,
    strings,
    user: info.user,
    record: {
      entityTypeName: info.entityTypeName,
      entityId: isNew ? "" : info.entityId,
      recordName: info.recordName,
    },
    parameters: { jobId: saved ?? undefined, ...info.parameters, ...overrides },
    updatedProperties: [],
    theme: query.get("theme") === "dark" ? "dark" : "light",
    width: -1,
    sectionWidth: query.has("width") ? Number(query.get("width")) : null,
    trackResize: false,
    readOnly: query.get("readonly") === "1",
    offline: query.get("offline") === "1",
    timeZoneOffset: query.has("tz") ? Number(query.get("tz")) : undefined,
  };
}

function paintChrome(state, info) {
  const theme =
    state.theme === "dark" ? window.FluentUIReactv940.webDarkTheme : window.FluentUIReactv940.webLightTheme;
  const root = document.documentElement.style;
  root.setProperty("--page", theme.colorNeutralBackground3);
  root.setProperty("--card", theme.colorNeutralBackground1);
  root.setProperty("--bar", theme.colorNeutralBackground4);
  root.setProperty("--fg", theme.colorNeutralForeground1);
  root.setProperty("--fg2", theme.colorNeutralForeground2);
  root.setProperty("--stroke", theme.colorNeutralStroke2);
  root.setProperty("--brand", theme.colorBrandForeground1);
  document.documentElement.lang = state.lcid === 1036 ? "fr" : "en";
  document.documentElement.dataset.theme = state.theme;
  document.getElementById("record-name").textContent = state.record.entityId
    ? info.recordName
    : "New Account";
  document.title = `${info.recordName} - Account`;
  const field = document.getElementById("control-root");
  if (state.sectionWidth !== null) document.getElementById("section").style.width = `${state.sectionWidth}px`;
  return field;
}

function mount(Control, state, field) {
  const control = new Control();
  const host = {
    render: () => {
      window.ReactDOMv16.render(control.updateView(createContext(state, host)), field);
      state.updatedProperties = [];
    },
    trackResize: (value) => {
      state.trackResize = value;
    },
  };
  // The platform reads outputs after notifyOutputChanged, saves the bound column, then calls
  // updateView again; the form host "saves" it in localStorage so a reload reconnects.
  const notifyOutputChanged = () =>
    window.setTimeout(() => {
      const { jobId } = control.getOutputs();
      if (jobId === undefined || jobId === state.parameters.jobId) return;
      state.parameters.jobId = jobId;
      window.localStorage.setItem(`bgsync.formhost.jobId.${state.record.entityId}`, jobId);
      state.updatedProperties = ["jobId"];
      host.render();
    });
  control.init(createContext(state, host), notifyOutputChanged, {}, undefined);
  // allocatedWidth is the control's own box, measured, also when ?width= narrows the section.
  new window.ResizeObserver(([entry]) => {
    const width = Math.round(entry.contentRect.width);
    if (width === state.width) return;
    state.width = width;
    state.updatedProperties = ["layout"];
    host.render();
  }).observe(field);
  host.render();
  const destroy = () => {
    control.destroy();
    window.ReactDOMv16.unmountComponentAtNode(field);
  };
  window.addEventListener("pagehide", destroy, { once: true });
  return { control, state, render: host.render, destroy };
}

async function boot() {
  const Control = await loadControlClass();
  const id = query.get("id");
  const response = await fetch(`/form-host/context.json${id ? `?id=${encodeURIComponent(id)}` : ""}`);
  if (!response.ok) throw new Error(`context.json: HTTP ${response.status}`);
  const info = await response.json();
  const lcid = Number(query.get("lcid") ?? info.user.languageId ?? 1033);
  const state = readState(info, await loadProperties(), await loadStrings(lcid), lcid);
  window.formHost = mount(Control, state, paintChrome(state, info));
  document.body.dataset.ready = "true";
}

boot().catch((error) => {
  console.error("form host:", error);
  const message = document.getElementById("host-error");
  message.hidden = false;
  message.textContent = `The form could not load the control: ${error.message}`;
});
