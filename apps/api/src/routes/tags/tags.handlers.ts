/** GET /api/{user_id}/tags (SPEC R-K15). */
import type { Database } from "@tasks/db";
import { createRouter, refuseOtherMethods } from "../../http/router.ts";
import { listTags } from "./tags.queries.ts";
import * as routes from "./tags.routes.ts";

export function tagRoutes(db: Database) {
  const router = createRouter();
  router.openapi(routes.listTags, async (c) =>
    c.json({ tags: await listTags(db, c.get("userId")) }, 200),
  );
  refuseOtherMethods(router, "/");
  return router;
}
