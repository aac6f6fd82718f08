/** Handlers for collection-routes.ts: bulk actions, clearing, export and import. */
import type { OpenAPIHono } from "@hono/zod-openapi";
import {
  type FieldError,
  type ImportTask,
  importRequestSchema,
  importTaskSchema,
} from "@tasks/contracts";
import type { Database } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import type { Context } from "hono";
import type { AppEnv } from "../../http/env.ts";
import { ApiError, invalid } from "../../http/problem.ts";
import { documentBody, refuseOtherMethods } from "../../http/router.ts";
import { bodyText, failed, JSON_MEDIA_TYPE, readBodyBytes } from "../../http/validation.ts";
import { applyBulk, clearCompleted } from "./bulk.ts";
import * as routes from "./collection.routes.ts";
import { csvToTasks, tasksToCsv } from "./csv.ts";
import { refreshStatistics } from "./statistics.ts";
import { exportTasks, importTasks } from "./transfer.ts";

/** After a bulk write has committed: the planner's statistics (R-K16); a failure is only logged. */
async function afterBulkWrite(c: Context<AppEnv>, db: Database, rows: number): Promise<void> {
  try {
    await refreshStatistics(db, rows);
  } catch (error) {
    c.get("logger").warn({ err: describeError(error) }, "statistics not refreshed");
  }
}

/** DELETE /api/{user_id}/tasks?status=completed, mounted with the collection's own routes. */
export function mountClearCompleted(router: OpenAPIHono<AppEnv>, db: Database): void {
  router.openapi(routes.clearCompleted, async (c) => {
    c.req.valid("query");
    const count = await clearCompleted(db, c.get("userId"));
    await afterBulkWrite(c, db, count);
    return c.json({ count, tasks: [] }, 200);
  });
}

/** The routes under /api/{user_id}/tasks/ that are not task ids; mount before `/:id`. */
export function mountCollectionRoutes(router: OpenAPIHono<AppEnv>, db: Database): void {
  router.openapi(routes.bulkTasks, async (c) => {
    const { ids, action } = c.req.valid("json");
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

  router.openapi(routes.exportTasks, async (c) => {
    const { format } = c.req.valid("query");
    const tasks = await exportTasks(db, c.get("userId"));
    c.header("content-disposition", `attachment; filename="tasks.${format}"`);
    if (format === "csv") {
      return c.text(tasksToCsv(tasks), 200, { "content-type": "text/csv; charset=utf-8" });
    }
    return c.json({ tasks }, 200);
  });
  refuseOtherMethods(router, "/export");

  router.openapi(documentBody(router, routes.importTasks), async (c) => {
    const bytes = await readBodyBytes(c);
    const tasks = readImport(bytes, c.req.header("content-type") ?? "");
    const count = await importTasks(db, c.get("userId"), tasks);
    await afterBulkWrite(c, db, count);
    return c.json({ count }, 201);
  });
  refuseOtherMethods(router, "/import");
}

const CSV_MEDIA_TYPE = /^text\/csv\s*(?:;|$)/i;

function readImport(bytes: Buffer, type: string): ImportTask[] {
  if (bytes.length === 0) throw invalid("body", "A body is required: the tasks, as JSON or CSV");
  if (JSON_MEDIA_TYPE.test(type)) {
    let input: unknown;
    try {
      input = JSON.parse(bodyText(bytes));
    } catch {
      throw invalid("body", "Body is not valid JSON");
    }
    const result = importRequestSchema.safeParse(input);
    if (!result.success) throw failed(result.error, "body");
    return result.data.tasks;
  }
  if (!CSV_MEDIA_TYPE.test(type)) {
    throw new ApiError("unsupported-media-type", "Send the tasks as application/json or text/csv.");
  }
  const csv = csvToTasks(bodyText(bytes));
  if (!csv.ok) {
    throw new ApiError(
      "validation",
      `Invalid ${csv.errors[0]?.field}: ${csv.errors[0]?.message}`,
      csv.errors,
    );
  }
  const tasks: ImportTask[] = [];
  const errors: FieldError[] = [];
  for (const { row, fields } of csv.tasks) {
    const result = importTaskSchema.safeParse(fields);
    if (result.success) tasks.push(result.data);
    else errors.push(...(failed(result.error, "row", `row ${row}`).errors ?? []));
  }
  if (errors.length > 0) {
    const shown = errors.slice(0, 100);
    throw new ApiError("validation", `Invalid ${shown[0]?.field}: ${shown[0]?.message}`, shown);
  }
  return tasks;
}
