/**
 * The cached task lists, counts and tags, and every change made to them: applied at once,
 * then replaced by the server's answer, or put back as they were before the change if the
 * server refuses (SPEC R-P2), then fetched again. Each list and each count is keyed by its
 * API parameters (R-K16), which also decide where a change shows before the server has
 * answered.
 */

import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type {
  CountTasksParams,
  CreateTaskInput,
  ListTasksParams,
  Task,
  TaskCounts,
  TaskPage,
} from "@tasks/contracts";
import { matchesFilters } from "./dashboard-view";

export const taskKeys = {
  lists: ["tasks"] as const,
  list: (params: ListTasksParams) => ["tasks", params] as const,
  counts: ["task-counts"] as const,
  countsOf: (params: CountTasksParams) => ["task-counts", params] as const,
  tags: ["tags"] as const,
};

export type Lists = InfiniteData<TaskPage, string | undefined>;

/** The parameters a list or counts key was made with. */
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

/**
 * The lists and counts as they are now. Fetches under way are stopped first, so that an
 * answer from before the change cannot overwrite it; `resumeFetches` runs them again.
 */
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

/** Runs again the fetches the snapshot stopped (a list still loading, say): nothing else. */
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

/**
 * Whether `task`, the new state of `before`, stays in the list made with `params`. The
 * search and the tag are checked again only if the text or the tags changed: the API
 * decides them by PostgreSQL's letter-case rules, which JavaScript's do not always match
 * (`İ`, final `σ`), and a list holds what the API answered.
 */
function staysIn(before: Task, task: Task, params: ListTasksParams): boolean {
  const sameText = before.title === task.title && before.description === task.description;
  const sameTags = before.tags.join("\n") === task.tags.join("\n");
  return matchesFilters(task, {
    ...params,
    q: sameText ? undefined : params.q,
    tag: sameTags ? undefined : params.tag,
  });
}

/**
 * A task's new state in every list that holds it: in place where it stays, gone where it
 * no longer belongs. A list it newly belongs to gets it when fetched again (see
 * `markListsStale`).
 */
export function replaceTask(client: QueryClient, task: Task): void {
  changeLists(client, (tasks, params) => {
    const before = tasks.find((t) => t.id === task.id);
    if (!before) return tasks;
    return staysIn(before, task, params)
      ? tasks.map((t) => (t.id === task.id ? task : t))
      : tasks.filter((t) => t.id !== task.id);
  });
}

/**
 * Marks every cached list stale without fetching it: a list not on screen that a change
 * moved a task into is fetched when shown again, not served from the cache.
 */
export function markListsStale(client: QueryClient): void {
  void client.invalidateQueries({ queryKey: taskKeys.lists, refetchType: "none" });
}

/** Takes tasks out of every list. */
export function removeTasks(client: QueryClient, ids: ReadonlySet<string>): void {
  changeLists(client, (tasks) => tasks.filter((t) => !ids.has(t.id)));
}

/**
 * A new task into every list it belongs to. With `replacing` (its draft's id), the task
 * takes the draft's place, so the list keeps its order; a list that no longer holds the
 * draft (fetched again meanwhile) gets the task first unless it has it already. A list
 * holds it once, first on its first page (where the default sort, newest first, puts it;
 * other sorts place it when fetched again).
 */
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

/**
 * A task's move in every cached count: `before` (null for a new task) leaves the counts
 * whose filters it matched, `after` (null when deleted) joins those it matches.
 */
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

/**
 * Fetches the lists again: after a refusal (its rollback may be stale), or after a change
 * whose place in sorted or filtered lists only the server knows. Counts and tags follow
 * once the last write settles (use-task-actions.ts, `onSettled`), once for all.
 */
export function refreshLists(client: QueryClient): Promise<void> {
  return client.invalidateQueries({ queryKey: taskKeys.lists });
}
