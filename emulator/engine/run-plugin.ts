import { EXTERNAL_SYSTEM_URL_VARIABLE } from "../../contracts/custom-apis";
import type { EmulatorContext } from "../context";
import { findCustomApi } from "../plugin/registry";
import { executePlugin, type RunResult } from "./execute";
import { PLUGIN_ERROR } from "./operation";

/** Runs a Custom API's plug-in once as `runAs`, under the sandbox's execution limit. */
export function runPlugin(
  ctx: Pick<EmulatorContext, "clock" | "faults" | "accounts" | "options" | "base">,
  name: string,
  input: Record<string, unknown>,
  runAs: string,
): Promise<RunResult> {
  const api = findCustomApi(name);
  if (!api) return Promise.resolve({ ok: false, code: PLUGIN_ERROR, message: `No plug-in for ${name}.` });
  return executePlugin(
    api.plugin,
    {
      input,
      runAs,
      accounts: ctx.accounts,
      settings: ctx.options.plugin,
      // The emulated environment's value: its own fake ERP, as an admin would set it at import.
      environmentVariables: { [EXTERNAL_SYSTEM_URL_VARIABLE]: `${ctx.base.url}/erp/v1/customers` },
    },
    { clock: ctx.clock, faults: ctx.faults, executionLimitMs: ctx.options.engine.executionLimitMs },
  );
}
