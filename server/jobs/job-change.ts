import type { JobRow, OperationRow } from "../store/store";
import { toJobJson, toOperationJson } from "./job-json";

/**
 * What a `change` event carries: the job's top-level fields that changed and the operations written,
 * whole. Its size and cost do not depend on how many operations the job has. Applied in order to
 * the job as a viewer last had it (or to nothing, from the job's first event), the changes give the
 * job exactly as GET /api/jobs/{id} shows it.
 */

/** Each top-level field of the job's JSON but `operations`, serialized: what the next change compares. */
export type JobFields = Map<string, string>;

export function jobFields(job: JobRow): JobFields {
  const fields: JobFields = new Map();
  for (const [key, value] of Object.entries(toJobJson(job, [])))
    if (key !== "operations") fields.set(key, JSON.stringify(value));
  return fields;
}

/** `before` unknown: every field is sent, so the change stands on its own. */
export function encodeChange(
  fields: JobFields,
  before: JobFields | undefined,
  operations: readonly OperationRow[],
): string {
  const job = [...fields]
    .filter(([key, text]) => before?.get(key) !== text)
    .map(([key, text]) => `${JSON.stringify(key)}:${text}`)
    .join(",");
  return `{"job":{${job}},"operations":${JSON.stringify(operations.map(toOperationJson))}}`;
}

/**
 * The fields of each active job as this process last saved them, with the version saved. A change
 * is diffed only against fields saved at exactly the version the writer read: after another
 * instance's write or a restart every field is sent. Bounded; ended jobs leave it.
 */
export function createFieldsCache(max = 10_000) {
  const saved = new Map<string, { version: number; fields: JobFields }>();
  return {
    at(jobId: string, version: number): JobFields | undefined {
      const entry = saved.get(jobId);
      return entry?.version === version ? entry.fields : undefined;
    },
    set(jobId: string, version: number, fields: JobFields) {
      if (saved.size >= max && !saved.has(jobId)) saved.clear();
      saved.set(jobId, { version, fields });
    },
    delete: (jobId: string) => void saved.delete(jobId),
  };
}
