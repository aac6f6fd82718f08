/**
 * The tasks API's client (openapi-fetch on api-types.ts), Bearer token (SPEC R-T3): a 401
 * renews it once and retries; a second 401 means the session has ended (R-P4).
 */
import { taskETag } from "@tasks/contracts/limits";
import createClient from "openapi-fetch";
import { SessionExpiredError } from "@/features/auth/session-expired";
import type { components, operations, paths } from "./api-types.ts";

type Schemas = components["schemas"];
export type Task = Schemas["Task"];
export type TaskPage = Schemas["TaskPage"];
export type TaskCounts = Schemas["TaskCounts"];
export type TagCount = Schemas["TagCount"];
export type BulkResult = Schemas["BulkResult"];
export type BulkAction = Schemas["BulkRequest"]["action"];
export type CreateTaskInput = Schemas["CreateTask"];
export type UpdateTaskInput = Schemas["UpdateTask"];
export type Problem = Schemas["Problem"];
export type ListTasksParams = NonNullable<operations["listTasks"]["parameters"]["query"]>;
export type CountTasksParams = NonNullable<operations["countTasks"]["parameters"]["query"]>;

/** The API refused a call: its status and problem body (RFC 9457, SPEC R-K11). */
export class ApiProblem extends Error {
  readonly status: number;
  readonly problem: Partial<Problem>;

  constructor(status: number, problem: Partial<Problem>) {
    super(problem.detail ?? problem.title ?? `The server answered ${status}`);
    this.name = "ApiProblem";
    this.status = status;
    this.problem = problem;
  }
}

export interface TasksApiOptions {
  apiUrl: string;
  /** The signed-in person's id: the `{user_id}` of every path. */
  userId: string;
  getToken: () => Promise<string>;
  /** A new token, asked for after the API refused the current one. */
  renewToken: () => Promise<string>;
  /** The API refused a freshly renewed token too: the session has ended. */
  onSessionExpired: () => void;
}

/** The task as the caller last saw it: writes are refused (412) if it changed since (R-K17). */
type Seen = Pick<Task, "id" | "version">;

/** The data of a 2xx answer; otherwise ApiProblem with the answer's problem body. */
async function dataOf<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>) {
  const { data, error, response } = await call;
  if (!response.ok) {
    throw new ApiProblem(response.status, typeof error === "object" && error ? error : {});
  }
  return data as T;
}

/** One person's tasks API; throws ApiProblem, SessionExpiredError or TypeError (out of reach). */
export function createTasksApi({
  apiUrl,
  userId,
  getToken,
  renewToken,
  onSessionExpired,
}: TasksApiOptions) {
  // openapi-fetch hands over a Request whose body the first send consumes: the retry is a copy.
  async function fetchWithToken(request: Request): Promise<Response> {
    const retry = request.clone();
    request.headers.set("authorization", `Bearer ${await getToken()}`);
    const response = await fetch(request);
    if (response.status !== 401) return response;
    await response.body?.cancel();
    retry.headers.set("authorization", `Bearer ${await renewToken()}`);
    const renewed = await fetch(retry);
    if (renewed.status !== 401) return renewed;
    await renewed.body?.cancel();
    onSessionExpired();
    throw new SessionExpiredError();
  }

  const client = createClient<paths>({ baseUrl: apiUrl, fetch: fetchWithToken, cache: "no-store" });
  const path = { user_id: userId };
  const taskParams = (task: Seen) => ({
    path: { ...path, id: task.id },
    header: { "if-match": taskETag(task) },
  });

  return {
    /** A page of tasks; `signal` stops the request (a fetch the cache no longer wants). */
    list: (query: ListTasksParams = {}, signal?: AbortSignal): Promise<TaskPage> =>
      dataOf(client.GET("/api/{user_id}/tasks", { params: { path, query }, signal })),
    counts: (query: CountTasksParams = {}, signal?: AbortSignal): Promise<TaskCounts> =>
      dataOf(client.GET("/api/{user_id}/tasks/counts", { params: { path, query }, signal })),
    tags: async (signal?: AbortSignal): Promise<TagCount[]> =>
      (await dataOf(client.GET("/api/{user_id}/tags", { params: { path }, signal }))).tags,
    /** Creates once per `idempotencyKey`: a retry with it answers the first result (R-K18). */
    create: (body: CreateTaskInput, idempotencyKey?: string): Promise<Task> => {
      const header = idempotencyKey ? { "idempotency-key": idempotencyKey } : {};
      return dataOf(client.POST("/api/{user_id}/tasks", { params: { path, header }, body }));
    },
    update: (task: Seen, body: UpdateTaskInput): Promise<Task> =>
      dataOf(client.PUT("/api/{user_id}/tasks/{id}", { params: taskParams(task), body })),
    setCompleted: (task: Seen, completed: boolean): Promise<Task> =>
      dataOf(
        client.PATCH("/api/{user_id}/tasks/{id}/complete", {
          params: taskParams(task),
          body: { completed },
        }),
      ),
    remove: async (task: Seen): Promise<void> => {
      await dataOf(client.DELETE("/api/{user_id}/tasks/{id}", { params: taskParams(task) }));
    },
    /** One action on 1 to 100 tasks, all or none (R-K19). */
    bulk: (ids: string[], action: BulkAction): Promise<BulkResult> =>
      dataOf(client.POST("/api/{user_id}/tasks/bulk", { params: { path }, body: { ids, action } })),
  };
}

export type TasksApi = ReturnType<typeof createTasksApi>;
