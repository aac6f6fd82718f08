/** The task operations under /api/{user_id}/tasks, declared once (R-K12). */
import { z } from "@hono/zod-openapi";
import {
  countTasksQuerySchema,
  createTaskSchema,
  listTasksQuerySchema,
  noQuerySchema,
  setCompletionSchema,
  taskCountsSchema,
  taskIdSchema,
  taskPageSchema,
  taskSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import { authProblems, json, problems } from "../../docs/responses.ts";
import { bodyProblems, etagHeader, ifMatchHeaders, jsonBody, taskRoute } from "./route-parts.ts";

const taskParams = z.object({ id: taskIdSchema });
const withETag = <R extends object>(response: R) => ({ ...response, headers: etagHeader });

export const listTasks = taskRoute({
  method: "get",
  path: "/",
  operationId: "listTasks",
  summary: "List your tasks",
  description:
    "Newest first by default. Filters combine with AND. Pass `nextCursor` back as `cursor` for the next page, with the same filters, sort and order.",
  request: { query: listTasksQuerySchema },
  responses: {
    200: json(taskPageSchema, "One page of tasks."),
    ...problems("validation", ...authProblems),
  },
});

export const createTask = taskRoute({
  method: "post",
  path: "/",
  operationId: "createTask",
  summary: "Add a task",
  description:
    "The task belongs to the token's user, whatever the body says. With an `Idempotency-Key`, a retry with the same body within 24 hours answers the first answer again (with `Idempotent-Replayed: true`) and creates nothing (R-K18).",
  request: {
    query: noQuerySchema,
    headers: z.object({
      "idempotency-key": z
        .string()
        .regex(/^[\x21-\x7e]{1,255}$/, {
          error: "Idempotency-Key must be 1 to 255 visible ASCII characters",
        })
        .optional()
        .meta({
          description:
            "1 to 255 visible ASCII characters, chosen by the client for this task (a UUID). Yours only: other people's keys are another matter.",
        }),
    }),
    body: jsonBody(createTaskSchema, true),
  },
  responses: {
    201: {
      ...json(taskSchema, "The new task (or, for a retried key, the first answer again)."),
      headers: z.object({
        Location: z.string().meta({ description: "The task's URL." }),
        ETag: etagHeader.shape.ETag,
        "Idempotent-Replayed": z
          .literal("true")
          .optional()
          .meta({ description: "Present when this is the first answer to the key, again." }),
      }),
    },
    ...problems("validation", "idempotency-key-reused", ...bodyProblems, ...authProblems),
  },
});

export const countTasks = taskRoute({
  method: "get",
  path: "/counts",
  operationId: "countTasks",
  summary: "Count your tasks",
  description: "All, pending and completed among the tasks the filters (as the list's) pass.",
  request: { query: countTasksQuerySchema },
  responses: {
    200: json(taskCountsSchema, "The counts."),
    ...problems("validation", ...authProblems),
  },
});

export const getTask = taskRoute({
  method: "get",
  path: "/{id}",
  operationId: "getTask",
  summary: "View one task",
  description: "A task of the caller's own; any other id is 404, whoever it belongs to.",
  request: { params: taskParams, query: noQuerySchema },
  responses: {
    200: withETag(json(taskSchema, "The task.")),
    ...problems("validation", "not-found", ...authProblems),
  },
});

export const updateTask = taskRoute({
  method: "put",
  path: "/{id}",
  operationId: "updateTask",
  summary: "Update a task",
  description: "Changes the fields given (at least one); the others keep their values.",
  request: {
    params: taskParams,
    query: noQuerySchema,
    headers: ifMatchHeaders,
    body: jsonBody(updateTaskSchema, true),
  },
  responses: {
    200: withETag(json(taskSchema, "The updated task.")),
    ...problems("validation", "not-found", "precondition-failed", ...bodyProblems, ...authProblems),
  },
});

export const deleteTask = taskRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteTask",
  summary: "Delete a task",
  description: "Deletes it for good.",
  request: { params: taskParams, query: noQuerySchema, headers: ifMatchHeaders },
  responses: {
    204: { description: "Deleted." },
    ...problems(
      "validation",
      "not-found",
      "precondition-failed",
      "payload-too-large",
      ...authProblems,
    ),
  },
});

export const completeTask = taskRoute({
  method: "patch",
  path: "/{id}/complete",
  operationId: "completeTask",
  summary: "Mark complete or not",
  description:
    'Without a body, flips `completed`. With `{"completed": true|false}`, sets it, so a retried request is safe.',
  request: {
    params: taskParams,
    query: noQuerySchema,
    headers: ifMatchHeaders,
    body: jsonBody(setCompletionSchema.optional(), false),
  },
  responses: {
    200: withETag(json(taskSchema, "The task.")),
    ...problems("validation", "not-found", "precondition-failed", ...bodyProblems, ...authProblems),
  },
});
