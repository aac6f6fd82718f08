/**
 * The task operations under /api/{user_id}/tasks, declared once: handlers.ts implements
 * them, and the OpenAPI document is generated from these declarations (R-K12).
 */
import { createRoute, z } from "@hono/zod-openapi";
import {
  createTaskSchema,
  listTasksQuerySchema,
  setCompletionSchema,
  taskCountsSchema,
  taskIdSchema,
  taskPageSchema,
  taskSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import { authProblems, json, problems } from "../docs/responses.ts";

/**
 * Documented, not validated here: the auth middleware compares it with the token's
 * subject (403) before any route runs.
 */
const userIdParameter = {
  name: "user_id",
  in: "path",
  required: true,
  description: "The signed-in person's user id: the token's `sub`.",
  schema: { type: "string" },
} as const;

const tags = ["Tasks"];
const taskParams = z.object({ id: taskIdSchema });
const bodyProblems = ["payload-too-large", "unsupported-media-type"] as const;

const jsonBody = <S extends z.ZodType>(schema: S, required: boolean) => ({
  required,
  content: { "application/json": { schema } },
});

export const listTasks = createRoute({
  method: "get",
  path: "/",
  operationId: "listTasks",
  tags,
  summary: "List your tasks",
  description:
    "Newest first by default. Pass `nextCursor` back as `cursor` for the next page, with the same status, sort and order.",
  parameters: [userIdParameter],
  request: { query: listTasksQuerySchema },
  responses: {
    200: json(taskPageSchema, "One page of tasks."),
    ...problems("validation", ...authProblems),
  },
});

export const createTask = createRoute({
  method: "post",
  path: "/",
  operationId: "createTask",
  tags,
  summary: "Add a task",
  description: "The task belongs to the token's user, whatever the body says.",
  parameters: [userIdParameter],
  request: { body: jsonBody(createTaskSchema, true) },
  responses: {
    201: {
      ...json(taskSchema, "The new task."),
      headers: z.object({ Location: z.string().meta({ description: "The task's URL." }) }),
    },
    ...problems("validation", ...bodyProblems, ...authProblems),
  },
});

export const countTasks = createRoute({
  method: "get",
  path: "/counts",
  operationId: "countTasks",
  tags,
  summary: "Count your tasks",
  description: "All, pending and completed, for filter badges.",
  parameters: [userIdParameter],
  responses: {
    200: json(taskCountsSchema, "The counts."),
    ...problems(...authProblems),
  },
});

export const getTask = createRoute({
  method: "get",
  path: "/{id}",
  operationId: "getTask",
  tags,
  summary: "View one task",
  description: "A task of the caller's own; any other id is 404, whoever it belongs to.",
  parameters: [userIdParameter],
  request: { params: taskParams },
  responses: {
    200: json(taskSchema, "The task."),
    ...problems("validation", "not-found", ...authProblems),
  },
});

export const updateTask = createRoute({
  method: "put",
  path: "/{id}",
  operationId: "updateTask",
  tags,
  summary: "Update a task",
  description: "Changes the fields given (at least one); the others keep their values.",
  parameters: [userIdParameter],
  request: { params: taskParams, body: jsonBody(updateTaskSchema, true) },
  responses: {
    200: json(taskSchema, "The updated task."),
    ...problems("validation", "not-found", ...bodyProblems, ...authProblems),
  },
});

export const deleteTask = createRoute({
  method: "delete",
  path: "/{id}",
  operationId: "deleteTask",
  tags,
  summary: "Delete a task",
  description: "Deletes it for good.",
  parameters: [userIdParameter],
  request: { params: taskParams },
  responses: {
    204: { description: "Deleted." },
    ...problems("validation", "not-found", "payload-too-large", ...authProblems),
  },
});

export const completeTask = createRoute({
  method: "patch",
  path: "/{id}/complete",
  operationId: "completeTask",
  tags,
  summary: "Mark complete or not",
  description:
    'Without a body, flips `completed`. With `{"completed": true|false}`, sets it, so a retried request is safe.',
  parameters: [userIdParameter],
  request: { params: taskParams, body: jsonBody(setCompletionSchema.optional(), false) },
  responses: {
    200: json(taskSchema, "The task."),
    ...problems("validation", "not-found", ...bodyProblems, ...authProblems),
  },
});
