import { LANGUAGE_CODE, publisher, solution } from "./solution-info";
import { localizedList, xmlDocument, type XMLBuilder } from "./xml";

export const XSI_NAMESPACE = "http://www.w3.org/2001/XMLSchema-instance";

/** Solution component types (`componenttype` choice) of the root components we ship. */
export const ComponentType = {
  WebResource: 61,
  CustomControl: 66,
  EnvironmentVariableDefinition: 380,
} as const;

export interface RootComponent {
  type: (typeof ComponentType)[keyof typeof ComponentType];
  schemaName: string;
}

export interface SolutionXmlInput {
  version: string;
  managed: boolean;
  rootComponents: readonly RootComponent[];
}

/**
 * The attributes Dataverse writes on export. `version` is the organization version that "exported"
 * the file: an import refuses files from a newer organization, so it names the oldest 9.2 release.
 */
export function importExportRoot(root: XMLBuilder): void {
  root.att({ version: "9.2.0.0", SolutionPackageVersion: "9.2", languagecode: String(LANGUAGE_CODE) });
  root.att({ generatedBy: "CrmLive" });
  root.att("http://www.w3.org/2000/xmlns/", "xmlns:xsi", XSI_NAMESPACE);
}

function nil(parent: XMLBuilder, name: string): void {
  parent.ele(name).att(XSI_NAMESPACE, "xsi:nil", "true");
}

function publisherElement(manifest: XMLBuilder): void {
  const element = manifest.ele("Publisher");
  element.ele("UniqueName").txt(publisher.uniqueName);
  localizedList(element, "LocalizedNames", "LocalizedName", publisher.displayName);
  localizedList(element, "Descriptions", "Description", publisher.description);
  nil(element, "EMailAddress");
  nil(element, "SupportingWebsiteUrl");
  element.ele("CustomizationPrefix").txt(publisher.customizationPrefix);
  element.ele("CustomizationOptionValuePrefix").txt(String(publisher.customizationOptionValuePrefix));
  // A publisher row always has two address slots; exports list both even when empty.
  const addresses = element.ele("Addresses");
  for (const number of ["1", "2"]) {
    const address = addresses.ele("Address");
    address.ele("AddressNumber").txt(number);
    address.ele("AddressTypeCode").txt("1");
  }
}

export function solutionXml(input: SolutionXmlInput): Uint8Array {
  return xmlDocument("ImportExportXml", (root) => {
    importExportRoot(root);
    const manifest = root.ele("SolutionManifest");
    manifest.ele("UniqueName").txt(solution.uniqueName);
    localizedList(manifest, "LocalizedNames", "LocalizedName", solution.displayName);
    localizedList(manifest, "Descriptions", "Description", solution.description);
    manifest.ele("Version").txt(input.version);
    manifest.ele("Managed").txt(input.managed ? "1" : "0");
    publisherElement(manifest);
    const roots = manifest.ele("RootComponents");
    for (const component of input.rootComponents) {
      // behavior 0: include the component with all its subcomponents and metadata.
      roots.ele("RootComponent", {
        type: String(component.type),
        schemaName: component.schemaName,
        behavior: "0",
      });
    }
    manifest.ele("MissingDependencies");
  });
}
