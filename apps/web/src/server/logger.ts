/**
 * The web app's one logger (JSON lines, secrets redacted), shared with server.ts via `remember`.
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
