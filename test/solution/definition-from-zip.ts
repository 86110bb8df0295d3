import type {
  CustomApiDefinition,
  CustomApiRequestParameter,
  CustomApiResponseProperty,
  CustomApiTypeCode,
} from "../../contracts/custom-apis";
import { at, type UnpackedZip, type XmlValue } from "./read-zip";

/**
 * Reads a Custom API back out of a packed zip into the shape of `contracts/custom-apis.ts`: what
 * Dataverse would hold after the import, to compare with the source and with the emulator's copy.
 */
export function definitionFromZip(zip: UnpackedZip, uniquename: string): CustomApiDefinition {
  const base = `customapis/${uniquename}`;
  const folder = (kind: string, file: string) =>
    zip.names
      .filter((n) => n.startsWith(`${base}/${kind}/`) && n.endsWith(`/${file}`))
      .map((n) => at(zip.xml(n), file.replace(".xml", "")));
  const common = (x: XmlValue) => ({
    uniquename: at(x, "@uniquename") as string,
    name: at(x, "name") as string,
    displayname: at(x, "displayname.@default") as string,
    description: at(x, "description.@default") as string,
    type: Number(at(x, "type")) as CustomApiTypeCode,
  });
  const api = at(zip.xml(`${base}/customapi.xml`), "customapi");
  return {
    uniquename: at(api, "@uniquename") as string,
    name: at(api, "name") as string,
    displayname: at(api, "displayname.@default") as string,
    description: at(api, "description.@default") as string,
    bindingtype: Number(at(api, "bindingtype")) as CustomApiDefinition["bindingtype"],
    isfunction: at(api, "isfunction") === "1",
    isprivate: at(api, "isprivate") === "1",
    allowedcustomprocessingsteptype: Number(
      at(api, "allowedcustomprocessingsteptype"),
    ) as CustomApiDefinition["allowedcustomprocessingsteptype"],
    requestParameters: folder("customapirequestparameters", "customapirequestparameter.xml").map(
      (x): CustomApiRequestParameter => ({ ...common(x), isoptional: at(x, "isoptional") === "1" }),
    ),
    responseProperties: folder("customapiresponseproperties", "customapiresponseproperty.xml").map(
      (x): CustomApiResponseProperty => common(x),
    ),
  };
}
