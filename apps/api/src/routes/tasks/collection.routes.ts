/** Operations on many tasks at once (R-K19, R-K20). */
import { z } from "@hono/zod-openapi";
import {
  bulkRequestSchema,
  bulkResultSchema,
  clearQuerySchema,
  exportQuerySchema,
  IMPORT_TASKS_MAX,
  importRequestSchema,
  importResultSchema,
  noQuerySchema,
  taskCsvColumns,
  taskExportSchema,
} from "@tasks/contracts";
import { authProblems, json, problems } from "../../docs/responses.ts";
import { bodyProblems, jsonBody, taskRoute } from "./route-parts.ts";

const csvText = z.string().meta({
  description: `CSV (RFC 4180) with the header row \`${taskCsvColumns.join(",")}\`; tags joined by \`;\`.`,
});

export const bulkTasks = taskRoute({
  method: "post",
  path: "/bulk",
  operationId: "bulkTasks",
  summary: "Complete, uncomplete or delete several tasks",
  description:
    "All or none: if any id is not a task in your list, the answer is 404 (naming it) and nothing changes.",
  request: { query: noQuerySchema, body: jsonBody(bulkRequestSchema, true) },
  responses: {
    200: json(bulkResultSchema, "Done, to every task given."),
    ...problems("validation", "not-found", ...bodyProblems, ...authProblems),
  },
});

export const clearCompleted = taskRoute({
  method: "delete",
  path: "/",
  operationId: "clearCompletedTasks",
  summary: "Clear completed tasks",
  description:
    "Deletes every completed task; `status=completed` is required, so nothing else goes by mistake.",
  request: { query: clearQuerySchema },
  responses: {
    200: json(bulkResultSchema, "How many were deleted (`tasks` is empty)."),
    ...problems("validation", "payload-too-large", ...authProblems),
  },
});

export const exportTasks = taskRoute({
  method: "get",
  path: "/export",
  operationId: "exportTasks",
  summary: "Export your tasks",
  description:
    'Every task, oldest first: `format=json` gives `{"tasks": [...]}` with each task as the API shows it, `format=csv` a CSV file. Either imports back unchanged.',
  request: { query: exportQuerySchema },
  responses: {
    200: {
      description: "The tasks, as a download (`Content-Disposition: attachment`).",
      content: {
        "application/json": { schema: taskExportSchema },
        "text/csv": { schema: csvText },
      },
    },
    ...problems("validation", ...authProblems),
  },
});

export const importTasks = taskRoute({
  method: "post",
  path: "/import",
  operationId: "importTasks",
  summary: "Import tasks",
  description: `Adds up to ${IMPORT_TASKS_MAX} tasks (a body up to 5 MiB), all or none: JSON as an export gives it (only a new task's fields are read of each), or CSV with a header row naming any of \`${taskCsvColumns.join(",")}\` (\`title\` required). Errors name the task (\`tasks.3.title\`) or the CSV row, counting the header as row 1 (\`row 5.dueDate\`).`,
  request: {
    query: noQuerySchema,
    body: {
      required: true,
      content: {
        "application/json": { schema: importRequestSchema },
        "text/csv": { schema: csvText },
      },
    },
  },
  responses: {
    201: json(importResultSchema, "All the tasks were added."),
    ...problems("validation", ...bodyProblems, ...authProblems),
  },
});
