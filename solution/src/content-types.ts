import { xmlDocument } from "./xml";
import type { ZipEntry } from "./zip-writer";

export const CONTENT_TYPES_ENTRY = "[Content_Types].xml";

/**
 * The Open Packaging Conventions part list SolutionPackager writes: one Default per file
 * extension in the zip, XML as text/xml and everything else as opaque bytes.
 */
export function contentTypesEntry(entries: readonly ZipEntry[]): ZipEntry {
  const extensions = new Set<string>(["xml"]);
  for (const entry of entries) {
    const name = entry.path.slice(entry.path.lastIndexOf("/") + 1);
    const dot = name.lastIndexOf(".");
    if (dot <= 0) throw new Error(`zip entry ${entry.path} has no file extension for [Content_Types].xml`);
    extensions.add(name.slice(dot + 1).toLowerCase());
  }
  const data = xmlDocument(
    "Types",
    (root) => {
      for (const extension of [...extensions].sort()) {
        const contentType = extension === "xml" ? "text/xml" : "application/octet-stream";
        root.ele("Default", { Extension: extension, ContentType: contentType });
      }
    },
    "http://schemas.openxmlformats.org/package/2006/content-types",
  );
  return { path: CONTENT_TYPES_ENTRY, data };
}
