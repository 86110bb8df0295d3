/**
 * context.resources.getString: the built control's resx for the user's language, falling back to
 * 1033 like the platform does. Paths are the manifest's resx paths under /control/ (out/controls/).
 */
export async function loadStrings(lcid) {
  for (const candidate of [lcid, 1033]) {
    const response = await fetch(`/control/control/strings/BackgroundSync.${candidate}.resx`);
    if (response.ok) return parseResx(await response.text());
  }
  console.warn("form host: no resx found; getString returns keys");
  return new Map();
}

function parseResx(text) {
  const xml = new window.DOMParser().parseFromString(text, "application/xml");
  const strings = new Map();
  for (const data of xml.querySelectorAll("data")) {
    strings.set(data.getAttribute("name"), data.querySelector("value")?.textContent ?? "");
  }
  return strings;
}
