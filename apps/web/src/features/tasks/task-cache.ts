/** The cached task lists, counts and tags (R-K16), changed before the server answers (R-P2). */

import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type {
  CountTasksParams,
  CreateTaskInput,
  ListTasksParams,
  Task,
  TaskCounts,
  TaskPage,
} from "./api-client";
import { matchesFilters } from "./dashboard-view";

/** Query keys: each list and each count under its API parameters (R-K16). */
export const taskKeys = {
  lists: ["tasks"] as const,
  list: (params: ListTasksParams) => ["tasks", params] as const,
  counts: ["task-counts"] as const,
  countsOf: (params: CountTasksParams) => ["task-counts", params] as const,
  tags: ["tags"] as const,
};

export type Lists = InfiniteData<TaskPage, string | undefined>;

const paramsOf = (key: QueryKey) => (key[1] ?? {}) as CountTasksParams;

const DRAFT_PREFIX = "draft-";

/** A new task as shown before the server has answered: its id is one no server task has. */
export function createDraft(input: CreateTaskInput, now = new Date()): Task {
  return {
    id: `${DRAFT_PREFIX}${crypto.randomUUID()}`,
    userId: "",
    title: input.title.trim(),
    description: input.description ?? null,
    completed: input.completed ?? false,
    dueDate: input.dueDate ?? null,
    priority: input.priority ?? "none",
    tags: input.tags ?? [],
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    version: 1,
  };
}

/** Whether a task is a draft the server has not answered for yet. */
export function isDraft(task: Task): boolean {
  return task.id.startsWith(DRAFT_PREFIX);
}

export interface Snapshot {
  lists: [QueryKey, Lists | undefined][];
  counts: [QueryKey, TaskCounts | undefined][];
  /** Fetches stopped to take the snapshot: run again once the server has answered. */
  interrupted: QueryKey[];
}

const taskQueries = [taskKeys.lists, taskKeys.counts];

/** The lists and counts as they are now, fetches under way stopped so none overwrites a change. */
export async function takeSnapshot(client: QueryClient): Promise<Snapshot> {
  const interrupted = taskQueries.flatMap((queryKey) =>
    client
      .getQueryCache()
      .findAll({ queryKey, fetchStatus: "fetching" })
      .map((query) => query.queryKey),
  );
  await Promise.all(taskQueries.map((queryKey) => client.cancelQueries({ queryKey })));
  return {
    lists: client.getQueriesData<Lists>({ queryKey: taskKeys.lists }),
    counts: client.getQueriesData<TaskCounts>({ queryKey: taskKeys.counts }),
    interrupted,
  };
}

/** Runs again the fetches the snapshot stopped, and nothing else. */
export function resumeFetches(client: QueryClient, snapshot: Snapshot): void {
  for (const queryKey of snapshot.interrupted) {
    void client.invalidateQueries({ queryKey, exact: true });
  }
}

/** Puts the lists and counts back as the snapshot has them. */
export function restoreSnapshot(client: QueryClient, snapshot: Snapshot): void {
  for (const [key, data] of [...snapshot.lists, ...snapshot.counts]) client.setQueryData(key, data);
}

function eachList(
  client: QueryClient,
  change: (data: Lists, params: ListTasksParams) => Lists,
): void {
  for (const [key, data] of client.getQueriesData<Lists>({ queryKey: taskKeys.lists })) {
    if (data) client.setQueryData<Lists>(key, change(data, paramsOf(key)));
  }
}

/** Rewrites every page of every cached list with `change` (for maps and filters). */
export function changeLists(
  client: QueryClient,
  change: (tasks: Task[], params: ListTasksParams) => Task[],
): void {
  eachList(client, (data, params) => ({
    ...data,
    pages: data.pages.map((page) => ({ ...page, tasks: change(page.tasks, params) })),
  }));
}

/** Whether `task` (was `before`) stays in the `params` list; search and tag only if changed. */
function staysIn(before: Task, task: Task, params: ListTasksParams): boolean {
  const sameText = before.title === task.title && before.description === task.description;
  const sameTags = before.tags.join("\n") === task.tags.join("\n");
  return matchesFilters(task, {
    ...params,
    q: sameText ? undefined : params.q,
    tag: sameTags ? undefined : params.tag,
  });
}

/** A task's new state in every list that holds it: in place, or gone where it no longer belongs. */
export function replaceTask(client: QueryClient, task: Task): void {
  changeLists(client, (tasks, params) => {
    const before = tasks.find((t) => t.id === task.id);
    if (!before) return tasks;
    return staysIn(before, task, params)
      ? tasks.map((t) => (t.id === task.id ? task : t))
      : tasks.filter((t) => t.id !== task.id);
  });
}

/** Marks every cached list stale, unfetched: one a change moved a task into loads when shown. */
export function markListsStale(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: taskKeys.lists, refetchType: "none" });
}

/** Takes tasks out of every list. */
export function removeTasks(client: QueryClient, ids: ReadonlySet<string>): void {
  changeLists(client, (tasks) => tasks.filter((t) => !ids.has(t.id)));
}

/** A new task into every list it belongs to: in its draft's place, else first on page one. */
export function addTask(client: QueryClient, task: Task, replacing?: string): void {
  eachList(client, (data, params) => {
    const holds = (id: string) => data.pages.some((page) => page.tasks.some((t) => t.id === id));
    const pages = data.pages.map((page) => ({ ...page, tasks: [...page.tasks] }));
    if (replacing && holds(replacing) && !holds(task.id)) {
      for (const page of pages) page.tasks = page.tasks.map((t) => (t.id === replacing ? task : t));
    } else {
      for (const page of pages) page.tasks = page.tasks.filter((t) => t.id !== replacing);
      if (!holds(task.id) && matchesFilters(task, params)) pages[0]?.tasks.unshift(task);
    }
    return { ...data, pages };
  });
}

/** A task's move in every cached count: `before` (null: new) out, `after` (null: deleted) in. */
export function moveInCounts(client: QueryClient, before: Task | null, after: Task | null): void {
  for (const [key, counts] of client.getQueriesData<TaskCounts>({ queryKey: taskKeys.counts })) {
    if (!counts) continue;
    const filters = { ...paramsOf(key), status: "all" } as const;
    const next = { ...counts };
    for (const [task, step] of [
      [before, -1],
      [after, 1],
    ] as const) {
      if (!task || !matchesFilters(task, filters)) continue;
      next.all += step;
      next[task.completed ? "completed" : "pending"] += step;
    }
    client.setQueryData<TaskCounts>(key, next);
  }
}

/** Fetches the lists again: after a refusal, or a change whose place only the server knows. */
export function refreshLists(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: taskKeys.lists });
}
