/**
 * JSON logs (pino). Request logs carry method, route path, status and duration: never
 * headers, query strings or bodies, so tokens and personal data cannot end up in them.
 */
import { pino } from "pino";

export function createLogger(level: string) {
  return pino({
    level,
    base: { service: "api" },
    redact: {
      paths: ["*.authorization", "*.cookie", "*.password", "*.token"],
      censor: "[redacted]",
    },
  });
}
