/**
 * A typed client for the tasks API, built on the shared contracts. Sends the token as a
 * Bearer header (SPEC R-T3); after a 401 it renews the token once and retries, and a
 * second 401 means the session has ended (R-P4): `onSessionExpired` runs and the call
 * throws SessionExpiredError.
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
import { SessionExpiredError } from "./session-expired.ts";

/** The API refused a call: its status and problem body (RFC 9457, SPEC R-K11). */
export class ApiProblem extends Error {
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}`);
    this.name = "ApiProblem";
  }
}

export interface TasksApiOptions {
  /** The API's origin, e.g. `http://localhost:8000`. */
  apiUrl: string;
  /** The signed-in person's id: the `{user_id}` of every path. */
  userId: string;
  /** A token valid for a while yet. */
  getToken: () => Promise<string>;
  /** A new token, asked for after the API refused the current one. */
  renewToken: () => Promise<string>;
  /** The API refused a freshly renewed token too: the session has ended. */
  onSessionExpired: () => void;
}

/**
 * The tasks API for one person. Every method throws ApiProblem when the API refuses,
 * SessionExpiredError when the session has ended, and TypeError when the API is out of
 * reach.
 */
export function createTasksApi({
  apiUrl,
  userId,
  getToken,
  renewToken,
  onSessionExpired,
}: TasksApiOptions) {
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
    let response = await send(method, path, body, await getToken());
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(method, path, body, await renewToken());
    }
    if (response.status === 401) {
      await response.body?.cancel();
      onSessionExpired();
      throw new SessionExpiredError();
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
