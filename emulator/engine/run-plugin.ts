import type { EmulatorContext } from "../context";
import { findCustomApi } from "../plugin/registry";
import { executePlugin, type RunResult } from "./execute";
import { PLUGIN_ERROR } from "./operation";

/** Runs a Custom API's plug-in once as `runAs`, under the sandbox's execution limit. */
export function runPlugin(
  ctx: Pick<EmulatorContext, "clock" | "faults" | "accounts" | "options">,
  name: string,
  input: Record<string, unknown>,
  runAs: string,
): Promise<RunResult> {
  const api = findCustomApi(name);
  if (!api) return Promise.resolve({ ok: false, code: PLUGIN_ERROR, message: `No plug-in for ${name}.` });
  return executePlugin(
    api.plugin,
    { input, runAs, accounts: ctx.accounts, settings: ctx.options.plugin },
    { clock: ctx.clock, faults: ctx.faults, executionLimitMs: ctx.options.engine.executionLimitMs },
  );
}
