/**
 * The cached task lists and counts, and every change made to them: applied at once, then
 * replaced by the server's answer, or put back exactly as they were if the server refuses
 * (SPEC R-P2). One list per status, in the API's words (`all`, `pending`, `completed`),
 * newest first as the API sends them.
 */

import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import {
  type CreateTaskInput,
  type Task,
  type TaskCounts,
  type TaskPage,
  type TaskStatus,
  taskStatuses,
} from "@tasks/contracts";

export const taskKeys = {
  lists: ["tasks"] as const,
  list: (status: TaskStatus) => ["tasks", status] as const,
  counts: ["task-counts"] as const,
};

export type Lists = InfiniteData<TaskPage, string | undefined>;

/** The status a `?status=` value names; anything else (or nothing) is `all`. */
export function readStatus(value: string | null | undefined): TaskStatus {
  return taskStatuses.find((status) => status === value) ?? "all";
}

/** Whether a task is shown in the list of `status`. */
export function belongsTo(task: Task, status: TaskStatus): boolean {
  return status === "all" || (status === "completed") === task.completed;
}

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
  counts: TaskCounts | undefined;
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
    counts: client.getQueryData<TaskCounts>(taskKeys.counts),
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
  for (const [key, data] of snapshot.lists) client.setQueryData(key, data);
  client.setQueryData(taskKeys.counts, snapshot.counts);
}

function eachList(client: QueryClient, change: (data: Lists, status: TaskStatus) => Lists): void {
  for (const [key, data] of client.getQueriesData<Lists>({ queryKey: taskKeys.lists })) {
    if (data) client.setQueryData<Lists>(key, change(data, readStatus(String(key[1]))));
  }
}

/** Rewrites every page of every cached list with `change` (for maps and filters). */
export function changeLists(
  client: QueryClient,
  change: (tasks: Task[], status: TaskStatus) => Task[],
): void {
  eachList(client, (data, status) => ({
    ...data,
    pages: data.pages.map((page) => ({ ...page, tasks: change(page.tasks, status) })),
  }));
}

/** The server's version of a task, wherever the cached one with the same id is. */
export function replaceTask(client: QueryClient, task: Task): void {
  changeLists(client, (tasks) => tasks.map((t) => (t.id === task.id ? task : t)));
}

/**
 * A new task into every list it belongs to. With `replacing` (its draft's id), the task
 * takes the draft's place, so the list keeps its order; a list that no longer holds the
 * draft (fetched again meanwhile) gets the task first unless it has it already. A list
 * holds it once, on its first page: lists are newest first.
 */
export function addTask(client: QueryClient, task: Task, replacing?: string): void {
  eachList(client, (data, status) => {
    const holds = (id: string) => data.pages.some((page) => page.tasks.some((t) => t.id === id));
    const pages = data.pages.map((page) => ({ ...page, tasks: [...page.tasks] }));
    if (replacing && holds(replacing) && !holds(task.id)) {
      for (const page of pages) page.tasks = page.tasks.map((t) => (t.id === replacing ? task : t));
    } else {
      for (const page of pages) page.tasks = page.tasks.filter((t) => t.id !== replacing);
      if (!holds(task.id) && belongsTo(task, status)) pages[0]?.tasks.unshift(task);
    }
    return { ...data, pages };
  });
}

/** Adds `delta` to the cached counts, if there are any. */
export function changeCounts(client: QueryClient, delta: Partial<TaskCounts>): void {
  const counts = client.getQueryData<TaskCounts>(taskKeys.counts);
  if (!counts) return;
  client.setQueryData<TaskCounts>(taskKeys.counts, {
    all: counts.all + (delta.all ?? 0),
    pending: counts.pending + (delta.pending ?? 0),
    completed: counts.completed + (delta.completed ?? 0),
  });
}

/** Fetches the lists and counts again (after a refusal, whose rollback may be stale). */
export function refreshAll(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: taskKeys.lists }),
    client.invalidateQueries({ queryKey: taskKeys.counts }),
  ]).then(() => undefined);
}
