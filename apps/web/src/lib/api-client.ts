/**
 * A typed client for the tasks API, built on the shared contracts. Sends the in-memory
 * token as a Bearer header; after a 401 it renews the token once and retries, and if that
 * fails too the session has ended (the token source sends the person to sign in).
 */
import {
  type CreateTaskInput,
  type ListTasksParams,
  type Problem,
  type Task,
  type TaskCounts,
  type TaskPage,
  taskCountsSchema,
  taskPageSchema,
  taskSchema,
  type UpdateTaskInput,
} from "@tasks/contracts";
import type { z } from "zod";
import { SessionExpiredError, type TokenSource } from "./token-source.ts";

export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}`);
    this.name = "ApiProblem";
  }
}

interface ClientOptions {
  apiUrl: string;
  userId: string;
  tokens: TokenSource;
}

export function createTasksApi({ apiUrl, userId, tokens }: ClientOptions) {
  const base = `${apiUrl}/api/${encodeURIComponent(userId)}/tasks`;

  async function send(
    method: string,
    path: string,
    body: unknown,
    token: string,
  ): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
    });
  }

  async function request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | undefined,
    body?: unknown,
  ): Promise<z.output<S>> {
    let response = await send(method, path, body, await tokens.get());
    if (response.status === 401) response = await send(method, path, body, await tokens.renew());
    if (response.status === 401) {
      await tokens.renew(); // the session is gone too: this ends in the sign-in page
      throw new SessionExpiredError("Your session has expired");
    }
    if (!response.ok) {
      const problem = (await response.json().catch(() => ({}))) as Partial<Problem>;
      throw new ApiProblem(response.status, problem);
    }
    return schema ? schema.parse(await response.json()) : (undefined as z.output<S>);
  }

  return {
    list(params: ListTasksParams = {}): Promise<TaskPage> {
      const query = new URLSearchParams();
      for (const [name, value] of Object.entries(params))
        if (value !== undefined) query.set(name, String(value));
      const suffix = query.size ? `?${query}` : "";
      return request("GET", suffix, taskPageSchema);
    },
    counts: (): Promise<TaskCounts> => request("GET", "/counts", taskCountsSchema),
    create: (input: CreateTaskInput): Promise<Task> => request("POST", "", taskSchema, input),
    update: (id: string, changes: UpdateTaskInput): Promise<Task> =>
      request("PUT", `/${id}`, taskSchema, changes),
    setCompleted: (id: string, completed: boolean): Promise<Task> =>
      request("PATCH", `/${id}/complete`, taskSchema, { completed }),
    remove: async (id: string): Promise<void> => {
      await request("DELETE", `/${id}`, undefined);
    },
  };
}

export type TasksApi = ReturnType<typeof createTasksApi>;
