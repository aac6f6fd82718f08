/** GET /health (liveness: the process answers) and GET /ready (readiness: the database answers too), R-O4. */
import { createRoute, z } from "@hono/zod-openapi";
import { describeError } from "@tasks/service/logger";
import { isShuttingDown } from "@tasks/service/shutdown";
import { json, problems } from "./docs/responses.ts";
import { serviceUnavailable } from "./http/error-handler.ts";
import { createRouter, refuseOtherMethods } from "./http/router.ts";

const healthSchema = z
  .object({ status: z.literal("ok") })
  .meta({ id: "Health", description: "The process is up." });
const readySchema = z
  .object({ status: z.literal("ready") })
  .meta({ id: "Ready", description: "The process is up and its database answers." });

const tags = ["Service"];

export const health = createRoute({
  method: "get",
  path: "/health",
  operationId: "health",
  tags,
  summary: "Liveness",
  description: "Answers while the process runs; no database, no token.",
  security: [],
  responses: { 200: json(healthSchema, "Up.") },
});

export const ready = createRoute({
  method: "get",
  path: "/ready",
  operationId: "ready",
  tags,
  summary: "Readiness",
  description:
    "Answers 200 when the database answers a trivial query, the instance knows which sessions have ended, and it is not shutting down; 503 otherwise; no token.",
  security: [],
  responses: {
    200: json(readySchema, "Ready for requests."),
    ...problems("service-unavailable"),
  },
});

/** The router for /health and /ready; `checkDatabase` resolves when the database answers. */
export function healthRoutes(checkDatabase: () => Promise<void>) {
  const router = createRouter();
  router.openapi(health, (c) => c.json({ status: "ok" } as const, 200));
  refuseOtherMethods(router, "/health");
  router.openapi(ready, async (c) => {
    // A stopping instance says so first, so a load balancer sends no more (SPEC R-O11).
    if (isShuttingDown()) throw serviceUnavailable();
    await checkDatabase().catch((error: unknown) => {
      c.get("logger").warn({ err: describeError(error) }, "database not ready");
      throw serviceUnavailable();
    });
    return c.json({ status: "ready" } as const, 200);
  });
  refuseOtherMethods(router, "/ready");
  return router;
}
