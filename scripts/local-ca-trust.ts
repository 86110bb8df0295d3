import { spawn } from "node:child_process";
import type { RunningEmulator } from "../emulator/index";

/**
 * Node reads NODE_EXTRA_CA_CERTS once, at start-up: a process that has not been started with the
 * local CA in it is started again with it (same loader flags and arguments). Resolves true when a
 * child now runs the demo and this process only waits for it.
 */
export function restartTrusting(caPath: string): boolean {
  if (process.env.NODE_EXTRA_CA_CERTS === caPath) return false;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: "inherit",
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caPath },
  });
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
  child.on("exit", (code) => process.exit(code ?? 1));
  return true;
}

/** Fails with what to do when this process does not trust the emulator's certificate. */
export async function assertCaTrusted(emulator: RunningEmulator): Promise<void> {
  try {
    await fetch(`${emulator.authority}/v2.0/.well-known/openid-configuration`);
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? String(error);
    throw new Error(
      `This process does not trust the emulator's HTTPS certificate (${cause}): start it with NODE_EXTRA_CA_CERTS set to the local CA (data/tls/ca.pem), as npm run start:secure does.`,
    );
  }
}
