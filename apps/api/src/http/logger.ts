/**
 * JSON logs (pino). Request logs carry method, route path, status and duration: never
 * headers, query strings or bodies, so tokens and personal data cannot end up in them.
 */
import { pino } from "pino";

export function createLogger(level: string) {
  // A reader that went away (EPIPE) must not crash the process: the lines are lost, that is all.
  process.stdout.on("error", () => {});
  return pino(
    {
      level,
      base: { service: "api" },
      redact: {
        paths: ["*.authorization", "*.cookie", "*.password", "*.token"],
        censor: "[redacted]",
      },
    },
    // pino's default writer flushes synchronously on exit, retrying forever when stdout's
    // reader has gone away; Node's own stdout drops the output instead, so SIGTERM still
    // ends the process.
    process.stdout,
  );
}
