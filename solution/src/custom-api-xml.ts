import type {
  CustomApiDefinition,
  CustomApiRequestParameter,
  CustomApiResponseProperty,
} from "../../contracts/custom-apis";
import { flag, labelled, xmlDocument } from "./xml";
import type { ZipEntry } from "./zip-writer";

/**
 * The `customapis/` folder of a solution, as described in "Create a custom API with solution
 * files" (learn.microsoft.com). Custom APIs are not root components: the import finds them by
 * folder. Elements are in the order SolutionPackager writes them.
 */
export function customApiEntries(api: CustomApiDefinition): ZipEntry[] {
  const base = `customapis/${api.uniquename}`;
  return [
    { path: `${base}/customapi.xml`, data: customApiXml(api) },
    ...api.requestParameters.map((p) => ({
      path: `${base}/customapirequestparameters/${p.uniquename}/customapirequestparameter.xml`,
      data: requestParameterXml(p),
    })),
    ...api.responseProperties.map((p) => ({
      path: `${base}/customapiresponseproperties/${p.uniquename}/customapiresponseproperty.xml`,
      data: responsePropertyXml(p),
    })),
  ];
}

function customApiXml(api: CustomApiDefinition): Uint8Array {
  return xmlDocument("customapi", (root) => {
    root.att("uniquename", api.uniquename);
    root.ele("allowedcustomprocessingsteptype").txt(String(api.allowedcustomprocessingsteptype));
    root.ele("bindingtype").txt(String(api.bindingtype));
    root.ele("boundentitylogicalname");
    labelled(root, "description", api.description);
    labelled(root, "displayname", api.displayname);
    root.ele("executeprivilegename");
    // Customizable so that a maker can set the plug-in type on the row after a managed install.
    root.ele("iscustomizable").txt("1");
    root.ele("isfunction").txt(flag(api.isfunction));
    root.ele("isprivate").txt(flag(api.isprivate));
    root.ele("name").txt(api.name);
    // No plug-in assembly ships with the solution: the customer binds theirs (solution/README.md).
    root.ele("plugintypeid");
    root.ele("workflowsdkstepenabled").txt("0");
  });
}

function requestParameterXml(parameter: CustomApiRequestParameter): Uint8Array {
  return xmlDocument("customapirequestparameter", (root) => {
    root.att("uniquename", parameter.uniquename);
    labelled(root, "description", parameter.description);
    labelled(root, "displayname", parameter.displayname);
    root.ele("iscustomizable").txt("1");
    root.ele("isoptional").txt(flag(parameter.isoptional));
    root.ele("logicalentityname");
    root.ele("name").txt(parameter.name);
    root.ele("type").txt(String(parameter.type));
  });
}

/** No `isoptional` here: Dataverse fails the whole import when a response property carries it. */
function responsePropertyXml(property: CustomApiResponseProperty): Uint8Array {
  return xmlDocument("customapiresponseproperty", (root) => {
    root.att("uniquename", property.uniquename);
    labelled(root, "description", property.description);
    labelled(root, "displayname", property.displayname);
    root.ele("iscustomizable").txt("1");
    root.ele("logicalentityname");
    root.ele("name").txt(property.name);
    root.ele("type").txt(String(property.type));
  });
}
