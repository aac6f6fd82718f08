/** The task operations declared in routes.ts. Auth and ownership are checked before these run. */
import type { Database } from "@tasks/db";
import { ApiError } from "../http/problem.ts";
import { createRouter, documentBody, refuseOtherMethods } from "../http/router.ts";
import { readBody } from "../http/validation.ts";
import { decodeCursor, encodeCursor } from "./cursor.ts";
import {
  countTasks,
  createTask,
  deleteTask,
  findTask,
  listTasks,
  setTaskCompletion,
  updateTask,
} from "./queries.ts";
import * as routes from "./routes.ts";

const notFound = () => new ApiError("not-found", "There is no task with this id in your list.");

/** The router for /api/{user_id}/tasks. */
export function taskRoutes(db: Database) {
  const router = createRouter();

  router.openapi(routes.listTasks, async (c) => {
    const query = c.req.valid("query");
    const order = query.order ?? (query.sort === "title" ? "asc" : "desc");
    const scope = { sort: query.sort, order, status: query.status };
    const after = query.cursor ? decodeCursor(query.cursor, scope) : undefined;

    const rows = await listTasks(db, {
      userId: c.get("userId"),
      ...scope,
      limit: query.limit,
      after,
    });
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > query.limit && last
        ? encodeCursor(scope, {
            value:
              query.sort === "title"
                ? last.title
                : query.sort === "created"
                  ? last.createdAt
                  : last.updatedAt,
            id: last.id,
          })
        : null;
    return c.json({ tasks: page, nextCursor }, 200);
  });

  router.openapi(documentBody(router, routes.createTask), async (c) => {
    const input = await readBody(c, routes.createTask);
    const task = await createTask(db, { userId: c.get("userId"), ...input });
    c.header("location", `/api/${encodeURIComponent(c.get("userId"))}/tasks/${task.id}`);
    return c.json(task, 201);
  });
  refuseOtherMethods(router, "/");

  router.openapi(routes.countTasks, async (c) =>
    c.json(await countTasks(db, { userId: c.get("userId") }), 200),
  );
  // Before the /:id routes, which would otherwise take "counts" for a task id.
  refuseOtherMethods(router, "/counts");

  router.openapi(routes.getTask, async (c) => {
    const row = await findTask(db, { userId: c.get("userId"), id: c.req.valid("param").id });
    if (!row) throw notFound();
    return c.json(row, 200);
  });

  router.openapi(documentBody(router, routes.updateTask), async (c) => {
    const { id } = c.req.valid("param");
    const changes = await readBody(c, routes.updateTask);
    const row = await updateTask(db, { userId: c.get("userId"), id, ...changes });
    if (!row) throw notFound();
    return c.json(row, 200);
  });

  router.openapi(routes.deleteTask, async (c) => {
    const { id } = c.req.valid("param");
    if (!(await deleteTask(db, { userId: c.get("userId"), id }))) throw notFound();
    return c.body(null, 204);
  });
  refuseOtherMethods(router, "/:id");

  router.openapi(documentBody(router, routes.completeTask), async (c) => {
    const { id } = c.req.valid("param");
    // No body toggles; {"completed": true|false} sets, so a retried request is harmless.
    const completed = (await readBody(c, routes.completeTask))?.completed;
    const row = await setTaskCompletion(db, { userId: c.get("userId"), id, completed });
    if (!row) throw notFound();
    return c.json(row, 200);
  });
  refuseOtherMethods(router, "/:id/complete");

  return router;
}
