/**
 * Optimistic changes to the cached task lists: applied at once, and put back exactly as
 * they were if the server refuses.
 */

import type { InfiniteData, QueryClient, QueryKey } from "@tanstack/react-query";
import type { Task, TaskCounts, TaskPage } from "@tasks/contracts";

export type TaskFilter = "all" | "active" | "completed";
export const statusOf = { all: "all", active: "pending", completed: "completed" } as const;

export const taskKeys = {
  lists: ["tasks"] as const,
  list: (filter: TaskFilter) => ["tasks", filter] as const,
  counts: ["task-counts"] as const,
};

type Lists = InfiniteData<TaskPage, string | undefined>;

export function belongsTo(task: Task, filter: TaskFilter): boolean {
  return filter === "all" || (filter === "completed") === task.completed;
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
  change: (tasks: Task[], filter: TaskFilter) => Task[],
): void {
  for (const [key, data] of client.getQueriesData<Lists>({ queryKey: taskKeys.lists })) {
    if (!data) continue;
    const filter = key[1] as TaskFilter;
    client.setQueryData<Lists>(key, {
      ...data,
      pages: data.pages.map((page) => ({ ...page, tasks: change(page.tasks, filter) })),
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
