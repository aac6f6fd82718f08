/**
 * Optimistic changes to the cached task lists: applied at once, and put back exactly as
 * they were if the server refuses.
 */

import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import {
  type Task,
  type TaskCounts,
  type TaskPage,
  type TaskStatus,
  taskStatuses,
} from "@tasks/contracts";

/** The lists are kept per status, in the API's words: all, pending, completed. */
export const taskKeys = {
  lists: ["tasks"] as const,
  list: (status: TaskStatus) => ["tasks", status] as const,
  counts: ["task-counts"] as const,
};

type Lists = InfiniteData<TaskPage, string | undefined>;

/** The status a `?status=` value names; anything else (or nothing) is `all`. */
export function readStatus(value: string | null | undefined): TaskStatus {
  return taskStatuses.find((status) => status === value) ?? "all";
}

/** Whether a task is shown in the list of `status`. */
export function belongsTo(task: Task, status: TaskStatus): boolean {
  return status === "all" || (status === "completed") === task.completed;
}

export interface Snapshot {
  lists: [QueryKey, Lists | undefined][];
  counts: TaskCounts | undefined;
}

export async function takeSnapshot(client: QueryClient): Promise<Snapshot> {
  await client.cancelQueries({ queryKey: taskKeys.lists });
  await client.cancelQueries({ queryKey: taskKeys.counts });
  return {
    lists: client.getQueriesData<Lists>({ queryKey: taskKeys.lists }),
    counts: client.getQueryData<TaskCounts>(taskKeys.counts),
  };
}

export function restoreSnapshot(client: QueryClient, snapshot: Snapshot): void {
  for (const [key, data] of snapshot.lists) client.setQueryData(key, data);
  client.setQueryData(taskKeys.counts, snapshot.counts);
}

/** Rewrites every cached list page with `change`. */
export function changeLists(
  client: QueryClient,
  change: (tasks: Task[], status: TaskStatus) => Task[],
): void {
  for (const [key, data] of client.getQueriesData<Lists>({ queryKey: taskKeys.lists })) {
    if (!data) continue;
    const status = readStatus(String(key[1]));
    client.setQueryData<Lists>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, tasks: change(page.tasks, status) })),
    });
  }
}

export function changeCounts(client: QueryClient, delta: Partial<TaskCounts>): void {
  const counts = client.getQueryData<TaskCounts>(taskKeys.counts);
  if (!counts) return;
  client.setQueryData<TaskCounts>(taskKeys.counts, {
    all: counts.all + (delta.all ?? 0),
    pending: counts.pending + (delta.pending ?? 0),
    completed: counts.completed + (delta.completed ?? 0),
  });
}

export function refreshAll(client: QueryClient): Promise<void> {
  return Promise.all([
    client.invalidateQueries({ queryKey: taskKeys.lists }),
    client.invalidateQueries({ queryKey: taskKeys.counts }),
  ]).then(() => undefined);
}
