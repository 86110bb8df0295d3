import type { Hook } from "@hono/zod-openapi";
import { problemResponse, problems } from "../problem";

/** Request validation failures as a 400 problem listing every issue (contract: `errors: [{ path, message }]`). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const validationHook: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return;
  const errors = result.error.issues.map((i) => ({
    path: [result.target === "json" ? "" : result.target, ...i.path.map(String)].filter(Boolean).join("."),
    message: i.message,
  }));
  return problemResponse(
    c,
    problems.badRequest(`${errors.length} problem(s) in the request ${result.target}.`, errors).problem,
  );
};
