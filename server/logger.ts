import { pino, type DestinationStream } from "pino";

/**
 * Structured JSON logs. Redaction is a safety net: call sites log ids and outcomes, never headers,
 * tokens, callback signatures or Custom API parameters.
 */

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "bgsync-api" },
      redact: {
        paths: [
          "authorization",
          "*.authorization",
          "headers.authorization",
          "req.headers.authorization",
          "token",
          "*.token",
          "sig",
          "*.sig",
          "clientSecret",
          "*.clientSecret",
        ],
        censor: "[redacted]",
      },
    },
    destination,
  );
}
