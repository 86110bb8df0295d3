import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { STRING_KEYS, createStrings } from "../../control/strings";
import { readResx } from "../support/resx";

describe("resx strings", () => {
  const manifest = readFileSync("ControlManifest.Input.xml", "utf8");
  const manifestKeys = [...manifest.matchAll(/(?:display-name|description)-key="([^"]+)"/g)].map((m) => m[1]);

  it.each([1033, 1036])("%i has every visible text and every manifest key, none empty", (lcid) => {
    const resx = readResx(lcid);
    for (const key of [...STRING_KEYS, ...manifestKeys]) {
      expect(resx.get(key ?? ""), `${key} in ${lcid}`).toBeTruthy();
    }
  });

  it("lists English last: Microsoft's test harness (pcf-start) keeps the last resx it loads", () => {
    const listed = [...manifest.matchAll(/<resx path="[^"]*\.(\d+)\.resx"/g)].map((m) => m[1]);
    expect(listed.at(-1)).toBe("1033");
  });

  it("French is a translation, not a copy", () => {
    const en = readResx(1033);
    const fr = readResx(1036);
    expect(fr.get("SyncNow_record")).not.toBe(en.get("SyncNow_record"));
    expect(fr.get("Status_succeeded")).toBe("Réussi");
  });

  it("formats .NET-style placeholders and falls back to the key for a missing resource", () => {
    const strings = createStrings((key) => (key === "Summary_Synced" ? "{0} synced" : ""));
    expect(strings.format("Summary_Synced", "3,000")).toBe("3,000 synced");
    expect(strings.text("SyncNow_record")).toBe("SyncNow_record");
  });
});
