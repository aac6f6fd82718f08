"use client";

import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import type { Task, TaskStatus } from "@tasks/contracts";
import Link from "next/link";
import { useSearchParams } from "next/navigation";
import { useCallback, useState } from "react";
import { AddTaskForm } from "./add-task-form";
import { useSessionContext } from "./session-provider";
import { belongsTo, readStatus, taskKeys } from "./task-cache";
import { TaskItem } from "./task-item";
import { useTaskActions } from "./use-task-actions";

const PAGE_SIZE = 50;

/** The views, by the API's status word (`?status=` in the URL, as in the API's query). */
const views: { status: TaskStatus; label: string; empty: string }[] = [
  { status: "all", label: "All", empty: "No tasks yet. Add your first one above." },
  { status: "pending", label: "Pending", empty: "Nothing left to do." },
  { status: "completed", label: "Completed", empty: "No completed tasks yet." },
];

/** The dashboard (SPEC R-P2): add, the views with their counts, and the list. */
export function TaskDashboard() {
  const { api } = useSessionContext();
  const shown = readStatus(useSearchParams().get("status"));
  const [status, setStatus] = useState("");
  const [alert, setAlert] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Task | null>(null);

  const announce = useCallback((message: string) => {
    setAlert(null);
    setStatus(message);
  }, []);
  const actions = useTaskActions({ announce, fail: setAlert });

  const counts = useQuery({ queryKey: taskKeys.counts, queryFn: () => api.counts() });
  const list = useInfiniteQuery({
    queryKey: taskKeys.list(shown),
    queryFn: ({ pageParam }) =>
      api.list({ status: shown, limit: String(PAGE_SIZE), cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

  const tasks = (list.data?.pages.flatMap((page) => page.tasks) ?? []).filter((task) =>
    belongsTo(task, shown),
  );
  const current = views.find((view) => view.status === shown) ?? views[0];

  function onDelete(task: Task) {
    actions.remove.mutate(task, { onSuccess: () => setDeleted(task) });
    announce(`Deleted “${task.title}”.`);
  }

  function undoDelete() {
    if (!deleted) return;
    actions.create.mutate({
      title: deleted.title,
      description: deleted.description,
      completed: deleted.completed,
    });
    setDeleted(null);
  }

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
      <h1 className="text-2xl font-bold tracking-tight">Your tasks</h1>
      <AddTaskForm onAdd={(input) => actions.create.mutate(input)} />

      <nav aria-label="Filter tasks">
        <ul className="flex flex-wrap gap-2">
          {views.map((view) => {
            const count = counts.data?.[view.status];
            return (
              <li key={view.status}>
                <Link
                  href={view.status === "all" ? "/dashboard" : `/dashboard?status=${view.status}`}
                  replace
                  scroll={false}
                  aria-current={view.status === shown ? "page" : undefined}
                  className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${
                    view.status === shown
                      ? "border-blue-700 bg-blue-700 text-white"
                      : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                  }`}
                >
                  {view.label}
                  {count !== undefined && <span>{count}</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>

      <div className="flex min-h-6 flex-wrap items-center gap-3">
        <p role="status" className="text-sm text-slate-700 dark:text-slate-300">
          {status}
        </p>
        {deleted && (
          <button type="button" className="button-secondary px-3 py-1 text-sm" onClick={undoDelete}>
            Undo delete
          </button>
        )}
      </div>
      <div
        role="alert"
        className="empty:hidden rounded-md border border-red-300 bg-red-50 p-3 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      >
        {alert}
      </div>

      <section aria-labelledby="list-heading" className="flex flex-col gap-3">
        <h2 id="list-heading" className="sr-only">
          {current?.label} tasks
        </h2>
        {list.isPending ? (
          <p className="text-slate-600 dark:text-slate-400">Loading your tasks…</p>
        ) : list.isError ? (
          <div className="flex flex-wrap items-center gap-3">
            <p className="field-error">Could not load your tasks: {list.error.message}</p>
            <button type="button" className="button-secondary" onClick={() => list.refetch()}>
              Try again
            </button>
          </div>
        ) : tasks.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {current?.empty}
          </p>
        ) : (
          <ul className="flex flex-col gap-2">
            {tasks.map((task) => (
              <TaskItem
                key={actions.keyOf(task)}
                task={task}
                onToggle={(t, completed) => actions.setCompleted.mutate({ task: t, completed })}
                onSave={(t, changes) => actions.update.mutate({ id: t.id, changes })}
                onDelete={onDelete}
              />
            ))}
          </ul>
        )}
        {list.hasNextPage && (
          <button
            type="button"
            className="button-secondary self-center"
            onClick={() => list.fetchNextPage()}
            disabled={list.isFetchingNextPage}
          >
            {list.isFetchingNextPage ? "Loading…" : "Show more"}
          </button>
        )}
      </section>
    </main>
  );
}
