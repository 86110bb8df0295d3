import type { Hook, z } from "@hono/zod-openapi";
import { problems } from "../problem";
import { problemResponse } from "../problem-json";

type Issue = z.core.$ZodIssue;

const pathOf = (target: string, path: PropertyKey[]) =>
  [target === "json" ? "" : target, ...path.map(String)].filter(Boolean).join(".");

/** One entry per unknown field, at the field's own path, so a client sees which name was wrong. */
const entries = (target: string, i: Issue) =>
  i.code === "unrecognized_keys"
    ? i.keys.map((k) => ({ path: pathOf(target, [...i.path, k]), message: "is not a field of this request" }))
    : [{ path: pathOf(target, i.path), message: i.message }];

/** Request validation failures as a 400 problem listing every issue (contract: `errors: [{ path, message }]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const errors = result.error.issues.flatMap((i) => entries(result.target, i));
  return problemResponse(
    c,
    problems.badRequest(`${errors.length} problem(s) in the request ${result.target}.`, errors).problem,
  );
};
