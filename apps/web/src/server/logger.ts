/**
 * The web app's one logger: JSON lines on stdout, secrets redacted (packages/service).
 * Shared by the custom server (server.ts) and Next.js's bundle through `remember`, so
 * there is one logger, and one buffered stdout, in the process. Auth events are logged
 * with the client address and outcome only: never a password, token, cookie or email.
 *
 * No `import "server-only"` here: server.ts, which is not bundled, imports it too.
 */
import { createLogger, type Logger } from "@tasks/service/logger";
import { remember } from "@tasks/service/remember";
import { webConfig } from "../env.ts";

export function logger(): Logger {
  return remember("web.logger", () =>
    createLogger({ service: "web", level: webConfig().logLevel }),
  );
}
