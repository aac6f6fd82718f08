/**
 * A typed client for the tasks API, built on the shared contracts. Sends the token as a
 * Bearer header (SPEC R-T3); after a 401 it renews the token once and retries, and a
 * second 401 means the session has ended (R-P4): `onSessionExpired` runs and the call
 * throws SessionExpiredError.
 */
import {
  type BulkAction,
  type BulkResult,
  bulkResultSchema,
  type CountTasksParams,
  type CreateTaskInput,
  type ListTasksParams,
  type Problem,
  type TagCount,
  type Task,
  type TaskCounts,
  type TaskPage,
  tagListSchema,
  taskCountsSchema,
  taskETag,
  taskPageSchema,
  taskSchema,
  type UpdateTaskInput,
} from "@tasks/contracts";
import type { z } from "zod";
import { SessionExpiredError } from "../auth/session-expired.ts";

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

/** The task as the caller last saw it: writes are refused (412) if it changed since (R-K17). */
type Seen = Pick<Task, "id" | "version">;

/** A query string for `params`, with `?`, or nothing when there are none. */
function queryOf(params: Record<string, string | number | undefined>): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params))
    if (value !== undefined) query.set(name, String(value));
  return query.size ? `?${query}` : "";
}

/**
 * The tasks API for one person. Every method throws ApiProblem when the API refuses (412
 * when a task changed since it was read), SessionExpiredError when the session has ended,
 * and TypeError when the API is out of reach.
 */
export function createTasksApi({
  apiUrl,
  userId,
  getToken,
  renewToken,
  onSessionExpired,
}: TasksApiOptions) {
  const base = `${apiUrl}/api/${encodeURIComponent(userId)}`;

  async function send(
    method: string,
    path: string,
    body: unknown,
    token: string,
    headers: Record<string, string>,
    signal?: AbortSignal,
  ): Promise<Response> {
    return fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      signal,
    });
  }

  async function request<S extends z.ZodType>(
    method: string,
    path: string,
    schema: S | undefined,
    body?: unknown,
    headers: Record<string, string> = {},
    signal?: AbortSignal,
  ): Promise<z.output<S>> {
    let response = await send(method, path, body, await getToken(), headers, signal);
    if (response.status === 401) {
      await response.body?.cancel();
      response = await send(method, path, body, await renewToken(), headers, signal);
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

  const ifMatch = (task: Seen) => ({ "if-match": taskETag(task) });

  return {
    /** A page of tasks; `signal` stops the request (a fetch the cache no longer wants). */
    list: (params: ListTasksParams = {}, signal?: AbortSignal): Promise<TaskPage> =>
      request("GET", `/tasks${queryOf(params)}`, taskPageSchema, undefined, {}, signal),
    counts: (params: CountTasksParams = {}, signal?: AbortSignal): Promise<TaskCounts> =>
      request("GET", `/tasks/counts${queryOf(params)}`, taskCountsSchema, undefined, {}, signal),
    tags: async (signal?: AbortSignal): Promise<TagCount[]> =>
      (await request("GET", "/tags", tagListSchema, undefined, {}, signal)).tags,
    /** Creates once per `idempotencyKey`: a retry with the same key answers the first result (R-K18). */
    create: (input: CreateTaskInput, idempotencyKey?: string): Promise<Task> =>
      request(
        "POST",
        "/tasks",
        taskSchema,
        input,
        idempotencyKey ? { "idempotency-key": idempotencyKey } : {},
      ),
    update: (task: Seen, changes: UpdateTaskInput): Promise<Task> =>
      request("PUT", `/tasks/${task.id}`, taskSchema, changes, ifMatch(task)),
    setCompleted: (task: Seen, completed: boolean): Promise<Task> =>
      request("PATCH", `/tasks/${task.id}/complete`, taskSchema, { completed }, ifMatch(task)),
    remove: async (task: Seen): Promise<void> => {
      await request("DELETE", `/tasks/${task.id}`, undefined, undefined, ifMatch(task));
    },
    /** One action on 1 to 100 tasks, all or none (R-K19). */
    bulk: (ids: string[], action: BulkAction): Promise<BulkResult> =>
      request("POST", "/tasks/bulk", bulkResultSchema, { ids, action }),
  };
}

export type TasksApi = ReturnType<typeof createTasksApi>;
