import { EXTERNAL_SYSTEM_URL_VARIABLE } from "../../contracts/custom-apis";
import { flag, labelled, xmlDocument } from "./xml";
import type { ZipEntry } from "./zip-writer";

/** `environmentvariabledefinition.type` choice values. */
const VariableType = { String: 100000000 } as const;

export interface EnvironmentVariableDefinition {
  schemaName: string;
  displayName: string;
  description: string;
  /** Required variables make the import ask for a value (Power Apps' import wizard). */
  required: boolean;
}

export const environmentVariables: readonly EnvironmentVariableDefinition[] = [
  {
    schemaName: EXTERNAL_SYSTEM_URL_VARIABLE,
    displayName: "External system URL",
    description:
      "Endpoint of the external system (ERP) that receives synced rows, e.g. https://erp.contoso.com/customers. Used when a start leaves ExternalSystemUrl out.",
    required: true,
  },
];

/**
 * `environmentvariabledefinitions/<schema name>/environmentvariabledefinition.xml`, the folder
 * SolutionPackager writes, with no default value and no current value: each environment (dev,
 * test, production) gets its own at import, which is why the URL lives here and not on the form.
 */
export function environmentVariableEntries(variable: EnvironmentVariableDefinition): ZipEntry[] {
  const data = xmlDocument("environmentvariabledefinition", (root) => {
    root.att("schemaname", variable.schemaName);
    labelled(root, "description", variable.description);
    labelled(root, "displayname", variable.displayName);
    root.ele("introducedversion").txt("1.0.0.0");
    root.ele("iscustomizable").txt("1");
    root.ele("isrequired").txt(flag(variable.required));
    root.ele("secretstore").txt("0");
    root.ele("type").txt(String(VariableType.String));
  });
  return [
    { path: `environmentvariabledefinitions/${variable.schemaName}/environmentvariabledefinition.xml`, data },
  ];
}
