import type { z } from "@hono/zod-openapi";
import type { Context } from "hono";
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

/** What both zod-openapi and zod-validator hand a hook: only the issues and the target are read. */
type ValidationResult = { target: string } & (
  { success: true } | { success: false; error: { issues: Issue[] } }
);

/** Request validation failures as a 400 problem listing every issue (contract: `errors: [{ path, message }]`). */
export const validationHook = (result: ValidationResult, c: Context) => {
  if (result.success) return;
  const errors = result.error.issues.flatMap((i) => entries(result.target, i));
  return problemResponse(
    c,
    problems.badRequest(`${errors.length} problem(s) in the request ${result.target}.`, errors).problem,
  );
};
