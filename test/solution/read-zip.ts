import { readFile } from "node:fs/promises";
import { unzipSync } from "fflate";
import { create } from "xmlbuilder2";

export interface UnpackedZip {
  names: string[];
  /** Compression method per entry, from the central directory: 8 is deflate. */
  compression: Map<string, number>;
  bytes(name: string): Uint8Array;
  text(name: string): string;
  /** The entry parsed to xmlbuilder2's object form (`@attr`, `#` text). */
  xml(name: string): XmlObject;
}

export type XmlObject = { [key: string]: XmlValue };
export type XmlValue = string | XmlObject | XmlValue[];

export async function readZip(path: string): Promise<UnpackedZip> {
  const compression = new Map<string, number>();
  const files = unzipSync(await readFile(path), {
    filter: (file) => {
      compression.set(file.name, file.compression);
      return true;
    },
  });
  const bytes = (name: string): Uint8Array => {
    const data = files[name];
    if (!data) throw new Error(`${path} has no entry ${name}`);
    return data;
  };
  const text = (name: string): string => new TextDecoder("utf-8", { fatal: true }).decode(bytes(name));
  return {
    names: Object.keys(files),
    compression,
    bytes,
    text,
    xml: (name) => parseXml(text(name)),
  };
}

interface DomLike {
  nodeType: number;
  nodeName: string;
  textContent: string | null;
  childNodes: ArrayLike<DomLike>;
  attributes?: ArrayLike<{ name: string; value: string }>;
}

/**
 * Element -> `{ "@attr": value, child: ..., "#": text }`, repeated children as arrays. Built from
 * the parsed DOM rather than xmlbuilder2's object writer, which re-escapes `&` in values.
 */
function toObject(element: DomLike): XmlValue {
  const result: XmlObject = {};
  for (const attr of Array.from(element.attributes ?? [])) result[`@${attr.name}`] = attr.value;
  let text = "";
  for (const child of Array.from(element.childNodes)) {
    if (child.nodeType === 3) text += child.textContent ?? "";
    if (child.nodeType !== 1) continue;
    const value = toObject(child);
    const existing = result[child.nodeName];
    if (existing === undefined) result[child.nodeName] = value;
    else result[child.nodeName] = Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  if (Object.keys(result).length === 0) return text.trim();
  if (text.trim()) result["#"] = text.trim();
  return result;
}

export function parseXml(text: string): XmlObject {
  const root = create(text).root().node as unknown as DomLike;
  return { [root.nodeName]: toObject(root) };
}

/** Walks `a.b.c` through the object form; fails the test with the path when a step is missing. */
export function at(value: XmlValue, path: string): XmlValue {
  let current = value;
  for (const step of path.split(".")) {
    if (typeof current !== "object" || Array.isArray(current) || !(step in current)) {
      throw new Error(`no ${step} in ${path}`);
    }
    current = current[step] as XmlValue;
  }
  return current;
}

export function list(value: XmlValue): XmlValue[] {
  return Array.isArray(value) ? value : [value];
}
