/** The API on packages/service's server (R-O9, R-O10) around Hono's adapter. */
import type { Server } from "node:http";
import { getRequestListener } from "@hono/node-server";
import { createHttpServer } from "@tasks/service/http-server";
import { problemBody } from "./problem.ts";

export function createApiServer(fetch: (request: Request) => Response | Promise<Response>): Server {
  // Hono's adapter closes a connection under a client still sending; packages/service drains it instead.
  return createHttpServer(getRequestListener(fetch, { autoCleanupIncoming: false }), {
    notImplemented: problemBody("not-implemented", "This server does not implement this method."),
  });
}
