/**
 * The OpenAPI 3.1 description of the API, generated from the same zod schemas that
 * validate requests (packages/contracts), so the document cannot drift from the code.
 */
import {
  createTaskSchema,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  problemSchema,
  setCompletionSchema,
  sortOrders,
  taskCountsSchema,
  taskPageSchema,
  taskSchema,
  taskSorts,
  taskStatuses,
  updateTaskSchema,
} from "@tasks/contracts";
import { z } from "zod";
import { type ProblemCode, problemTypes } from "../http/problem.ts";

const ref = (id: string) => ({ $ref: `#/components/schemas/${id}` });

function componentSchemas() {
  const registry = z.registry<{ id: string }>();
  for (const schema of [
    taskSchema,
    taskPageSchema,
    taskCountsSchema,
    createTaskSchema,
    updateTaskSchema,
    setCompletionSchema,
    problemSchema,
  ]) {
    const id = z.globalRegistry.get(schema)?.id;
    if (typeof id === "string") registry.add(schema, { id });
  }
  const { schemas } = z.toJSONSchema(registry, {
    uri: (id) => `#/components/schemas/${id}`,
    override: ({ jsonSchema }) => {
      // `format` says it; zod's long equivalent regexes only add noise to the document.
      if (jsonSchema.format) delete jsonSchema.pattern;
    },
  });
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
  }
  return schemas;
}

const problem = (code: ProblemCode, description: string) => ({
  description: `${problemTypes[code].title}: ${description}`,
  content: { "application/problem+json": { schema: ref("Problem") } },
});

const authProblems = {
  "401": problem("unauthorized", "no bearer token, or one that does not verify."),
  "403": problem("forbidden", "the token belongs to another user than {user_id}."),
  "429": problem("too-many-requests", "over the per-person request limit; see Retry-After."),
  "503": problem("service-unavailable", "the database or the signing keys cannot be reached."),
};

const json = (id: string, description: string) => ({
  description,
  content: { "application/json": { schema: ref(id) } },
});

const jsonBody = (id: string, required = true) => ({
  required,
  content: { "application/json": { schema: ref(id) } },
});

const userIdParam = {
  name: "user_id",
  in: "path",
  required: true,
  description: "The signed-in user's id: the token's `sub`.",
  schema: { type: "string", maxLength: 255 },
};
const taskIdParam = {
  name: "id",
  in: "path",
  required: true,
  schema: { type: "string", format: "uuid" },
};

const taskNotFound = problem("not-found", "no task with this id in the caller's own list.");
const badRequest = problem(
  "validation",
  "a field is missing, of the wrong type, too long, or unknown.",
);
const bodyProblems = {
  "400": badRequest,
  "413": problem("payload-too-large", "the body is over 32 KiB."),
  "415": problem("unsupported-media-type", "the body is not application/json."),
};

export function buildOpenApiDocument(serverUrl?: string) {
  return {
    openapi: "3.1.0",
    info: {
      title: "Tasks API",
      version: "1.0.0",
      description:
        "Each person's private tasks. Every call needs `Authorization: Bearer <jwt>` with a token issued by the web app; `{user_id}` must be the token's subject. Errors are `application/problem+json` (RFC 9457).",
    },
    ...(serverUrl ? { servers: [{ url: serverUrl }] } : {}),
    security: [{ bearerAuth: [] }],
    paths: {
      "/api/{user_id}/tasks": {
        parameters: [userIdParam],
        get: {
          operationId: "listTasks",
          summary: "List your tasks",
          description: `Newest first by default. Pass \`nextCursor\` back as \`cursor\` for the next page, with the same status, sort and order.`,
          parameters: [
            {
              name: "status",
              in: "query",
              schema: { type: "string", enum: taskStatuses, default: "all" },
            },
            {
              name: "sort",
              in: "query",
              schema: { type: "string", enum: taskSorts, default: "created" },
            },
            {
              name: "order",
              in: "query",
              description: "Default: desc for created and updated, asc for title.",
              schema: { type: "string", enum: sortOrders },
            },
            {
              name: "limit",
              in: "query",
              schema: {
                type: "integer",
                minimum: 1,
                maximum: LIST_LIMIT_MAX,
                default: LIST_LIMIT_DEFAULT,
              },
            },
            { name: "cursor", in: "query", schema: { type: "string", maxLength: 512 } },
          ],
          responses: {
            "200": json("TaskPage", "One page of tasks."),
            "400": badRequest,
            ...authProblems,
          },
        },
        post: {
          operationId: "createTask",
          summary: "Add a task",
          requestBody: jsonBody("CreateTask"),
          responses: {
            "201": {
              ...json("Task", "The new task."),
              headers: { Location: { description: "The task's URL.", schema: { type: "string" } } },
            },
            ...bodyProblems,
            ...authProblems,
          },
        },
      },
      "/api/{user_id}/tasks/counts": {
        parameters: [userIdParam],
        get: {
          operationId: "countTasks",
          summary: "Count your tasks",
          description: "All, pending and completed, for filter badges.",
          responses: { "200": json("TaskCounts", "The counts."), ...authProblems },
        },
      },
      "/api/{user_id}/tasks/{id}": {
        parameters: [userIdParam, taskIdParam],
        get: {
          operationId: "getTask",
          summary: "View one task",
          responses: {
            "200": json("Task", "The task."),
            "400": badRequest,
            "404": taskNotFound,
            ...authProblems,
          },
        },
        put: {
          operationId: "updateTask",
          summary: "Update a task",
          description: "Changes the fields given (at least one); the others keep their values.",
          requestBody: jsonBody("UpdateTask"),
          responses: {
            "200": json("Task", "The updated task."),
            ...bodyProblems,
            "404": taskNotFound,
            ...authProblems,
          },
        },
        delete: {
          operationId: "deleteTask",
          summary: "Delete a task",
          responses: {
            "204": { description: "Deleted." },
            "400": badRequest,
            "404": taskNotFound,
            ...authProblems,
          },
        },
      },
      "/api/{user_id}/tasks/{id}/complete": {
        parameters: [userIdParam, taskIdParam],
        patch: {
          operationId: "completeTask",
          summary: "Mark complete or not",
          description:
            'Without a body, flips `completed`. With `{"completed": true|false}`, sets it, so a retried request is safe.',
          requestBody: jsonBody("SetCompletion", false),
          responses: {
            "200": json("Task", "The task."),
            ...bodyProblems,
            "404": taskNotFound,
            ...authProblems,
          },
        },
      },
      "/health": {
        get: {
          operationId: "health",
          summary: "Liveness: the process is up",
          security: [],
          responses: { "200": { description: "Up." } },
        },
      },
      "/ready": {
        get: {
          operationId: "ready",
          summary: "Readiness: the database answers",
          security: [],
          responses: {
            "200": { description: "Ready." },
            "503": problem("service-unavailable", "the database cannot be reached."),
          },
        },
      },
    },
    components: {
      securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: componentSchemas(),
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
