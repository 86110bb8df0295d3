/**
 * The built control's manifest: the platform gives the control one parameter per declared property,
 * set or not, with the manifest's default-value when the maker left it empty.
 */
export async function loadProperties() {
  const response = await fetch("/control/ControlManifest.xml");
  if (!response.ok) throw new Error(`ControlManifest.xml: HTTP ${response.status}`);
  const xml = new window.DOMParser().parseFromString(await response.text(), "application/xml");
  return [...xml.querySelectorAll("control > property")].map((property) => ({
    name: property.getAttribute("name"),
    type: property.getAttribute("of-type"),
    usage: property.getAttribute("usage"),
    defaultValue: property.getAttribute("default-value") ?? undefined,
  }));
}
