/** /api/{user_id}/tasks: the five task features. Auth and ownership are checked before these run. */
import {
  createTaskSchema,
  listTasksQuerySchema,
  setCompletionSchema,
  taskIdSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import type { Database } from "@tasks/db";
import { Hono } from "hono";
import type { AppEnv } from "../http/env.ts";
import { ApiError } from "../http/problem.ts";
import { parseBody, parseOptionalBody, parseParam, parseQuery } from "../http/validation.ts";
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

const notFound = () => new ApiError("not-found", "There is no task with this id in your list.");

/** Registered after a path's handlers: any other method gets 405 with Allow. */
const methodNotAllowed =
  (...allowed: string[]) =>
  (): never => {
    throw new ApiError("method-not-allowed", "This method is not allowed here.", undefined, {
      allow: allowed.join(", "),
    });
  };

export function taskRoutes(db: Database) {
  const routes = new Hono<AppEnv>();

  routes.get("/", async (c) => {
    const query = parseQuery(c, listTasksQuerySchema);
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
    return c.json({ tasks: page, nextCursor });
  });

  routes.post("/", async (c) => {
    const input = await parseBody(c, createTaskSchema);
    const task = await createTask(db, { userId: c.get("userId"), ...input });
    c.header("location", `/api/${encodeURIComponent(c.get("userId"))}/tasks/${task.id}`);
    return c.json(task, 201);
  });

  routes.all("/", methodNotAllowed("GET", "POST"));

  routes.get("/counts", async (c) => c.json(await countTasks(db, { userId: c.get("userId") })));
  // Before the /:id routes, which would otherwise take "counts" for a task id.
  routes.all("/counts", methodNotAllowed("GET"));

  routes.get("/:id", async (c) => {
    const id = parseParam(taskIdSchema, "id", c.req.param("id"));
    const row = await findTask(db, { userId: c.get("userId"), id });
    if (!row) throw notFound();
    return c.json(row);
  });

  routes.put("/:id", async (c) => {
    const id = parseParam(taskIdSchema, "id", c.req.param("id"));
    const changes = await parseBody(c, updateTaskSchema);
    const row = await updateTask(db, { userId: c.get("userId"), id, ...changes });
    if (!row) throw notFound();
    return c.json(row);
  });

  routes.patch("/:id/complete", async (c) => {
    const id = parseParam(taskIdSchema, "id", c.req.param("id"));
    // No body toggles; {"completed": true|false} sets, so a retried request is harmless.
    const completed = (await parseOptionalBody(c, setCompletionSchema))?.completed;
    const row = await setTaskCompletion(db, { userId: c.get("userId"), id, completed });
    if (!row) throw notFound();
    return c.json(row);
  });

  routes.delete("/:id", async (c) => {
    const id = parseParam(taskIdSchema, "id", c.req.param("id"));
    if (!(await deleteTask(db, { userId: c.get("userId"), id }))) throw notFound();
    return c.body(null, 204);
  });
  routes.all("/:id", methodNotAllowed("GET", "PUT", "DELETE"));
  routes.all("/:id/complete", methodNotAllowed("PATCH"));

  return routes;
}
