import type { Clock } from "../clock";
import type { Faults } from "../admin/faults";
import type { Plugin, PluginContext } from "../plugin/plugin";
import { PluginError } from "../plugin/plugin";
import { PLUGIN_ERROR, PLUGIN_TIMEOUT_ERROR } from "./operation";

export type RunResult =
  { ok: true; outputs: Record<string, unknown> } | { ok: false; code: string; message: string };

export interface ExecuteDeps {
  clock: Clock;
  faults: Faults;
  executionLimitMs: number;
}

/**
 * One plug-in run inside the emulated sandbox: injected faults first, then the plug-in raced against
 * the 2-minute limit (docs/dataverse.md: running in the background gives no extra time).
 */
export async function executePlugin(
  plugin: Plugin,
  context: Omit<PluginContext, "signal" | "clock">,
  deps: ExecuteDeps,
): Promise<RunResult> {
  // A held run is already 2/20 but its sandbox clock has not started: the hold stands for "still
  // running" in tests without ever tripping the execution limit.
  await deps.faults.pluginGate.pass();
  const controller = new AbortController();
  const timeout = new PluginError(
    PLUGIN_TIMEOUT_ERROR,
    "The plug-in execution failed because the operation has timed-out at the Sandbox Host.",
  );
  const limit = deps.clock.sleep(deps.executionLimitMs, controller.signal).then(() => {
    controller.abort(timeout);
    throw timeout;
  });
  try {
    const run = async () => {
      const injected = deps.faults.takePluginFault();
      if (injected === "fail") throw new PluginError(PLUGIN_ERROR, deps.faults.pluginFailMessage());
      if (injected === "runLong") await deps.clock.sleep(deps.executionLimitMs * 2, controller.signal);
      return plugin({ ...context, signal: controller.signal, clock: deps.clock });
    };
    const outputs = await Promise.race([run(), limit]);
    return { ok: true, outputs };
  } catch (error) {
    if (error instanceof PluginError) return { ok: false, code: error.code, message: error.message };
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, code: PLUGIN_ERROR, message: `Unexpected exception from plug-in: ${message}` };
  } finally {
    if (!controller.signal.aborted) controller.abort(new Error("run finished"));
    limit.catch(() => undefined);
  }
}
