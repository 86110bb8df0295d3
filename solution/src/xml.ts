import { create } from "xmlbuilder2";
import type { XMLBuilder } from "xmlbuilder2/lib/interfaces";
import { LANGUAGE_CODE } from "./solution-info";

export type { XMLBuilder };

/**
 * One UTF-8 XML document. Every file goes through xmlbuilder2 so that text and attribute values
 * are escaped (`&`, `<`, `"` in descriptions) and the result is well-formed by construction.
 */
export function xmlDocument(
  rootName: string,
  fill: (root: XMLBuilder) => void,
  namespace?: string,
): Uint8Array {
  const doc = create({ version: "1.0", encoding: "utf-8" });
  fill(namespace === undefined ? doc.ele(rootName) : doc.ele(namespace, rootName));
  return new TextEncoder().encode(doc.end({ prettyPrint: true }));
}

/** `<name default="text"><label description="text" languagecode="1033" /></name>`, the Custom API label shape. */
export function labelled(parent: XMLBuilder, name: string, text: string): void {
  parent
    .ele(name, { default: text })
    .ele("label", { description: text, languagecode: String(LANGUAGE_CODE) });
}

/** Dataverse solution files write booleans as 0/1. */
export function flag(value: boolean): string {
  return value ? "1" : "0";
}

/** `<Tag><Item description="text" languagecode="1033" /></Tag>`, the solution and publisher label shape. */
export function localizedList(parent: XMLBuilder, listName: string, itemName: string, text: string): void {
  parent.ele(listName).ele(itemName, { description: text, languagecode: String(LANGUAGE_CODE) });
}
