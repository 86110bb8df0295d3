import { expandTemplate, isKnownToken, templateTokens } from "../../contracts/template";
import type { JobAccess } from "../auth/job-access";
import type { DataverseClient } from "../dataverse/client";
import type { DataversePerson } from "../dataverse/people";
import type { CustomApiCatalog } from "../jobs/custom-api-catalog";
import { validateParameters } from "../jobs/validate-parameters";
import { problems } from "../problem";
import { cronProblems, type FieldProblem } from "./cron";

/**
 * Checks a schedule as it is created or changed, reporting every problem with the field it is in.
 * `{column:x}` is refused: a run has no form to read the column from, and reading it from Dataverse
 * as the run-as user at each run would make the parameters change behind the schedule's back; a
 * column whose value a sync needs belongs in the Custom API, which can read the record itself.
 */

export interface ScheduleDraft {
  customApi: string;
  parameters: Record<string, unknown>;
  target: { entity: string; id: string | null };
  cron: string;
  timeZone: string;
  runAs: { objectId: string };
}

export interface ValidateDeps {
  catalog: CustomApiCatalog;
  dataverse: DataverseClient;
  access: JobAccess;
  allowedCustomApis: readonly string[];
  allowedUrlOrigins: readonly string[];
}

/** A date that stands in for {lastSuccess} when checking the expanded template against the Custom API. */
const SAMPLE_LAST_SUCCESS = "2026-01-01T00:00:00.000Z";

function tokenProblems(draft: ScheduleDraft): FieldProblem[] {
  return Object.entries(draft.parameters).flatMap(([name, value]) =>
    templateTokens({ [name]: value }).flatMap((token) => {
      const path = `parameters.${name}`;
      if (!isKnownToken(token)) return [{ path, message: `unknown token {${token}}` }];
      if (/^column:/i.test(token))
        return [
          { path, message: `{${token}}: schedules cannot read form columns; put the value in the template` },
        ];
      if (token === "recordId" && draft.target.id === null)
        return [{ path, message: "{recordId} needs a record target (target.id)" }];
      return [];
    }),
  );
}

async function templateProblems(draft: ScheduleDraft, d: ValidateDeps): Promise<FieldProblem[]> {
  if (!d.allowedCustomApis.includes(draft.customApi))
    return [{ path: "customApi", message: "not on this API's allow-list (ALLOWED_CUSTOM_APIS)" }];
  const def = await d.catalog.get(draft.customApi);
  if (!def) return [{ path: "customApi", message: "no such Custom API" }];
  const tokens = tokenProblems(draft);
  if (tokens.length) return tokens;
  // The first run has no last success (the token's input is left out), later ones have one: both must fit.
  const found = [null, SAMPLE_LAST_SUCCESS].flatMap((lastSuccess) =>
    validateParameters(
      def,
      expandTemplate(draft.parameters, {
        entityName: draft.target.entity,
        recordId: draft.target.id ?? "",
        now: new Date(0),
        columns: {},
        lastSuccess,
      }),
      d.allowedUrlOrigins,
    ),
  );
  return [...new Map(found.map((p) => [`${p.path} ${p.message}`, p])).values()];
}

async function runAsProblems(draft: ScheduleDraft, d: ValidateDeps) {
  const person = await d.dataverse.findPerson(draft.runAs.objectId);
  if (!person)
    return {
      person,
      problems: [
        {
          path: "runAs.objectId",
          message: "no enabled Dataverse user (a person, not an application user) has this object id",
        },
      ],
    };
  // As for a person's start: they must be able to read the record, asked as them.
  const { id } = draft.target;
  if (id && !(await d.access.mayTarget(person, draft.target.entity, id)))
    return {
      person,
      problems: [{ path: "target.id", message: "Dataverse does not let the run-as user read this record" }],
    };
  return { person, problems: [] };
}

/** The run-as person, once every check passed; otherwise a 400 problem listing each failed field. */
export async function validateSchedule(draft: ScheduleDraft, d: ValidateDeps): Promise<DataversePerson> {
  const [runAs, template] = await Promise.all([runAsProblems(draft, d), templateProblems(draft, d)]);
  const found = [...cronProblems(draft.cron, draft.timeZone), ...template, ...runAs.problems];
  if (found.length || !runAs.person) throw problems.badRequest("The schedule is not valid.", found);
  return runAs.person;
}
