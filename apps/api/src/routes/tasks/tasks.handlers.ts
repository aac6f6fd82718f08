/** The task operations declared in routes.ts. Auth and ownership are checked before these run. */
import {
  defaultOrder,
  type SearchUsed,
  searchTerms,
  type Task,
  type TaskSort,
  taskSchema,
} from "@tasks/contracts";
import type { Database } from "@tasks/db";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.ts";
import { ApiError } from "../../http/problem.ts";
import { createRouter, refuseOtherMethods } from "../../http/router.ts";
import { mountClearCompleted, mountCollectionRoutes } from "./collection.handlers.ts";
import { decodeCursor, encodeCursor, type ListPosition, sortsByCreatedToo } from "./cursor.ts";
import { taskUrl } from "./fields.ts";
import { createOnce } from "./idempotency.ts";
import { countTasks, listTasks } from "./list.queries.ts";
import { etagOf, readIfMatch } from "./preconditions.ts";
import {
  createTask,
  deleteTask,
  findTask,
  setTaskCompletion,
  updateTask,
  type WriteResult,
} from "./tasks.queries.ts";
import * as routes from "./tasks.routes.ts";

const notFound = () => new ApiError("not-found", "There is no task with this id in your list.");

/** 404, or 412 with the task's current ETag (R-K17), for a write that matched nothing. */
function refusal(result: Exclude<WriteResult, { outcome: "written" }>): ApiError {
  if (result.outcome === "not-found") return notFound();
  return new ApiError(
    "precondition-failed",
    `The task changed since you read it: it is at version ${result.version} now. Read it again, then decide.`,
    undefined,
    { etag: etagOf(result.version) },
  );
}

function positionAfter(task: Task, sort: TaskSort, order: "asc" | "desc"): ListPosition {
  const value = {
    created: task.createdAt,
    updated: task.updatedAt,
    title: task.title,
    due: task.dueDate ?? (order === "asc" ? "infinity" : "-infinity"),
    priority: task.priority,
  }[sort];
  return { value, created: sortsByCreatedToo(sort) ? task.createdAt : undefined, id: task.id };
}

/** Which words of `q` the answer used (R-K16). */
function searchUsed(q: string | undefined): { search?: SearchUsed } {
  if (q === undefined) return {};
  const { words, ignored } = searchTerms(q);
  return { search: { words, ignored } };
}

function taskAnswer<S extends 200 | 201>(c: Context<AppEnv>, task: Task, status: S) {
  c.header("etag", etagOf(task.version));
  return c.json(task, status);
}

export function taskRoutes(db: Database) {
  const router = createRouter();

  router.openapi(routes.listTasks, async (c) => {
    const { sort, order: given, limit, cursor, ...filters } = c.req.valid("query");
    const order = given ?? defaultOrder(sort);
    const scope = { sort, order, filters };
    const after = cursor ? decodeCursor(cursor, scope) : undefined;
    const rows = await listTasks(db, {
      userId: c.get("userId"),
      filters,
      sort,
      order,
      limit,
      after,
    });
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? encodeCursor(scope, positionAfter(last, sort, order)) : null;
    return c.json({ tasks: page, nextCursor, ...searchUsed(filters.q) }, 200);
  });

  router.openapi(routes.createTask, async (c) => {
    const input = c.req.valid("json");
    const key = c.req.valid("header")["idempotency-key"];
    const newTask = { userId: c.get("userId"), ...input };
    if (key === undefined) {
      const task = await createTask(db, newTask);
      c.header("location", taskUrl(task));
      return taskAnswer(c, task, 201);
    }
    const result = await createOnce(db, key, newTask);
    if (result.outcome === "reused") {
      throw new ApiError(
        "idempotency-key-reused",
        "This Idempotency-Key was used in the last 24 hours with another body: use a new key for another task.",
        [{ field: "Idempotency-Key", message: "Key already used with another body" }],
      );
    }
    if (result.outcome === "created") {
      c.header("location", result.location);
      return taskAnswer(c, result.task, 201);
    }
    // The first answer again: same status, and the same body (kept as its JSON text).
    c.header("location", result.location ?? "");
    c.header("idempotent-replayed", "true");
    c.header("etag", result.etag ?? "");
    return c.json(taskSchema.parse(JSON.parse(result.body)), 201);
  });
  mountClearCompleted(router, db);
  refuseOtherMethods(router, "/");

  // Before the /:id routes, which would otherwise take these for task ids.
  router.openapi(routes.countTasks, async (c) => {
    const filters = c.req.valid("query");
    const counts = await countTasks(db, c.get("userId"), filters);
    return c.json({ ...counts, ...searchUsed(filters.q) }, 200);
  });
  refuseOtherMethods(router, "/counts");
  mountCollectionRoutes(router, db);

  router.openapi(routes.getTask, async (c) => {
    const row = await findTask(db, { userId: c.get("userId"), id: c.req.valid("param").id });
    if (!row) throw notFound();
    return taskAnswer(c, row, 200);
  });

  router.openapi(routes.updateTask, async (c) => {
    const { id } = c.req.valid("param");
    const expected = readIfMatch(c.req.valid("header")["if-match"]);
    const changes = c.req.valid("json");
    const result = await updateTask(db, { userId: c.get("userId"), id, expected, ...changes });
    if (result.outcome !== "written") throw refusal(result);
    return taskAnswer(c, result.task, 200);
  });

  router.openapi(routes.deleteTask, async (c) => {
    const { id } = c.req.valid("param");
    const expected = readIfMatch(c.req.valid("header")["if-match"]);
    const result = await deleteTask(db, { userId: c.get("userId"), id, expected });
    if (result.outcome !== "deleted")
      throw refusal(result as Exclude<WriteResult, { outcome: "written" }>);
    return c.body(null, 204);
  });
  refuseOtherMethods(router, "/:id");

  router.openapi(routes.completeTask, async (c) => {
    const { id } = c.req.valid("param");
    const expected = readIfMatch(c.req.valid("header")["if-match"]);
    // No body toggles; {"completed": true|false} sets, so a retried request is harmless.
    const completed = c.req.valid("json")?.completed;
    const result = await setTaskCompletion(db, {
      userId: c.get("userId"),
      id,
      completed,
      expected,
    });
    if (result.outcome !== "written") throw refusal(result);
    return taskAnswer(c, result.task, 200);
  });
  refuseOtherMethods(router, "/:id/complete");

  return router;
}
