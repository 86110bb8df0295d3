import { LANGUAGE_CODE } from "./solution-info";
import { XSI_NAMESPACE } from "./solution-xml";
import type { WebResourceDefinition } from "./web-resources";
import { webResourceZipPath } from "./web-resources";
import { xmlDocument, type XMLBuilder } from "./xml";

export interface CustomizationsInput {
  control: { schemaName: string; manifestFileName: string };
  webResources: readonly WebResourceDefinition[];
}

/** The empty sections an export always writes, in export order; the import tolerates them empty. */
const EMPTY_SECTIONS = [
  "Entities",
  "Roles",
  "Workflows",
  "FieldSecurityProfiles",
  "Templates",
  "EntityMaps",
  "EntityRelationships",
  "OrganizationSettings",
  "optionsets",
];

function webResourceElement(parent: XMLBuilder, resource: WebResourceDefinition): void {
  const element = parent.ele("WebResource");
  element.ele("WebResourceId").txt(`{${resource.id}}`);
  element.ele("Name").txt(resource.name);
  element.ele("DisplayName").txt(resource.displayName);
  element.ele("Description").txt(resource.description);
  element.ele("WebResourceType").txt(String(resource.type));
  element.ele("IntroducedVersion").txt(resource.introducedVersion);
  element.ele("IsEnabledForMobileClient").txt("0");
  element.ele("IsAvailableForMobileOffline").txt("0");
  element.ele("IsCustomizable").txt("1");
  element.ele("CanBeDeleted").txt("1");
  element.ele("IsHidden").txt("0");
  element.ele("FileName").txt(`/${webResourceZipPath(resource)}`);
}

/**
 * Lists the components whose content lives in files: the control by its manifest and the web
 * resources by their file. Custom APIs are picked up from `customapis/` without a listing here.
 */
export function customizationsXml(input: CustomizationsInput): Uint8Array {
  return xmlDocument("ImportExportXml", (root) => {
    root.att("http://www.w3.org/2000/xmlns/", "xmlns:xsi", XSI_NAMESPACE);
    for (const section of EMPTY_SECTIONS) root.ele(section);
    const resources = root.ele("WebResources");
    for (const resource of input.webResources) webResourceElement(resources, resource);
    const control = root.ele("CustomControls").ele("CustomControl");
    control.ele("Name").txt(input.control.schemaName);
    control.ele("FileName").txt(input.control.manifestFileName);
    root.ele("EntityDataProviders");
    root.ele("Languages").ele("Language").txt(String(LANGUAGE_CODE));
  });
}
