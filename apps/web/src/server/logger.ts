import "server-only";
import { type Logger, pino } from "pino";
import { webConfig } from "../env.ts";

let instance: Logger | undefined;

/**
 * JSON logs. Auth events are logged with the client address and outcome only: never a
 * password, token, cookie or email address.
 */
export function logger(): Logger {
  if (!instance) {
    // A reader that went away (EPIPE) must not crash or hang the process.
    process.stdout.on("error", () => {});
    instance = pino({ level: webConfig().logLevel, base: { service: "web" } }, process.stdout);
  }
  return instance;
}
