/** Handlers for collection-routes.ts: bulk actions, clearing, export and import. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Database } from "@tasks/db";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/problem.ts";
import { documentBody, refuseOtherMethods } from "../http/router.ts";
import { readBody } from "../http/validation.ts";
import { applyBulk, clearCompleted } from "./bulk.ts";
import * as routes from "./collection-routes.ts";

/** DELETE /api/{user_id}/tasks?status=completed, mounted with the collection's own routes. */
export function mountClearCompleted(router: OpenAPIHono<AppEnv>, db: Database): void {
  router.openapi(routes.clearCompleted, async (c) => {
    c.req.valid("query");
    const count = await clearCompleted(db, c.get("userId"));
    return c.json({ count, tasks: [] }, 200);
  });
}

/** The routes under /api/{user_id}/tasks/ that are not task ids; mount before `/:id`. */
export function mountCollectionRoutes(router: OpenAPIHono<AppEnv>, db: Database): void {
  router.openapi(documentBody(router, routes.bulkTasks), async (c) => {
    const { ids, action } = await readBody(c, routes.bulkTasks);
    const result = await applyBulk(db, { userId: c.get("userId"), ids, action });
    if (result.outcome === "not-found") {
      const message = "No task with this id in your list";
      throw new ApiError(
        "not-found",
        "Some of these tasks are not in your list; nothing was changed.",
        result.missing.map((index) => ({ field: `ids.${index}`, message })),
      );
    }
    return c.json({ count: result.count, tasks: result.tasks }, 200);
  });
  refuseOtherMethods(router, "/bulk");
}
