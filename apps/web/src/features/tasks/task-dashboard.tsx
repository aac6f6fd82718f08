"use client";

import { BULK_IDS_MAX, foldText } from "@tasks/contracts/limits";
import { useSearchParams } from "next/navigation";
import { useCallback, useRef, useState } from "react";
import { AddTaskForm } from "./add-task-form";
import type { BulkAction, Task, UpdateTaskInput } from "./api-client";
import { BulkActionBar } from "./bulk-action-bar";
import { dashboardHref, dashboardViews, listParams, readDashboardState } from "./dashboard-view";
import { KeyboardShortcuts } from "./keyboard-shortcuts";
import { isDraft } from "./task-cache";
import { TaskFilters, ViewNav } from "./task-filters";
import { TaskItem } from "./task-item";
import { useDashboardQueries } from "./use-dashboard-queries";
import { useTaskActions } from "./use-task-actions";
import { useTasksApi } from "./use-tasks-api";
import { useToday } from "./use-today";

/** The dashboard (SPEC R-P2, R-P6); its first page comes rendered by the server (R-P7). */
export function TaskDashboard({ initialToday }: { initialToday: string }) {
  const api = useTasksApi();
  const state = readDashboardState(useSearchParams());
  const today = useToday(initialToday);
  const params = listParams(state, today);
  const [status, setStatus] = useState("");
  const [alert, setAlert] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Task | null>(null);
  const [selection, setSelection] = useState<{ for: string; ids: Set<string> }>({
    for: "",
    ids: new Set(),
  });
  const listHeading = useRef<HTMLHeadingElement>(null);

  const announce = useCallback((message: string) => {
    setAlert(null);
    setStatus(message);
  }, []);
  // A failure replaces the last success: "Added …" beside an error would say both happened.
  const fail = useCallback((message: string | null) => {
    if (message) setStatus("");
    setAlert(message);
  }, []);
  const actions = useTaskActions({ api, announce, fail });

  const { list, tags, countOf } = useDashboardQueries(api, params, today);

  const tasks = list.data?.pages.flatMap((page) => page.tasks) ?? [];
  const current = dashboardViews.find((view) => view.id === state.view) ?? dashboardViews[0];
  // The tag in the URL as the person first spelled it (tags compare folded, R-K15, R-A11).
  const tagShown =
    tags.data?.find((t) => foldText(t.name) === foldText(state.tag))?.name ?? state.tag;
  const selectable = tasks.filter((task) => !isDraft(task));
  const filtered = Boolean(state.q || state.tag);

  // The selection belongs to what is shown: another view, search or tag starts it afresh.
  const shownAs = dashboardHref({ ...state, sort: "created" });
  const selected =
    selection.for === shownAs
      ? new Set(tasks.filter((t) => selection.ids.has(t.id)).map((t) => t.id))
      : new Set<string>();
  const select = (ids: Set<string>) => setSelection({ for: shownAs, ids });

  /** When a change takes the focused control off the page, focus goes to the list's heading. */
  const keepFocus = useCallback(() => {
    const focused = document.activeElement;
    const until = performance.now() + 1_000;
    const watch = () => {
      if (focused && !focused.isConnected) {
        if (document.activeElement === document.body) listHeading.current?.focus();
      } else if (performance.now() < until) {
        requestAnimationFrame(watch);
      }
    };
    requestAnimationFrame(watch);
  }, []);

  // Each task's handlers keep their identity across renders, so a change to the list, a
  // fetch's progress or a count re-renders only the tasks it touches (TaskItem is memo).
  const { mutate: remove } = actions.remove;
  const { mutate: setCompleted } = actions.setCompleted;
  const { mutate: update } = actions.update;
  const onDelete = useCallback(
    (task: Task) => {
      remove({ task }, { onSuccess: () => setDeleted(task) });
      keepFocus();
    },
    [remove, keepFocus],
  );
  const onToggle = useCallback(
    (task: Task, completed: boolean) => {
      setCompleted({ task, completed });
      keepFocus();
    },
    [setCompleted, keepFocus],
  );
  const onSave = useCallback(
    (task: Task, changes: UpdateTaskInput) => {
      update({ task, changes });
      keepFocus();
    },
    [update, keepFocus],
  );
  const onSelect = useCallback(
    (task: Task, on: boolean) =>
      setSelection((previous) => {
        const ids = new Set(previous.for === shownAs ? previous.ids : []);
        if (on) ids.add(task.id);
        else ids.delete(task.id);
        return { for: shownAs, ids };
      }),
    [shownAs],
  );

  function undoDelete() {
    if (!deleted) return;
    const { title, description, completed, dueDate, priority, tags } = deleted;
    actions.create.mutate({
      input: { title, description, completed, dueDate, priority, tags },
      key: crypto.randomUUID(),
    });
    setDeleted(null);
  }

  function onBulk(action: BulkAction) {
    const chosen = tasks.filter((task) => selected.has(task.id));
    if (chosen.length === 0) return;
    if (chosen.length > BULK_IDS_MAX) {
      setAlert(`Select at most ${BULK_IDS_MAX} tasks at a time (${chosen.length} are selected).`);
      return;
    }
    actions.bulk.mutate({ tasks: chosen, action }, { onSuccess: () => select(new Set()) });
    keepFocus();
  }

  return (
    <main className="mx-auto flex w-full max-w-3xl flex-col gap-6 px-4 py-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h1 className="text-2xl font-bold tracking-tight">Your tasks</h1>
        <KeyboardShortcuts />
      </div>
      <AddTaskForm
        onAdd={(input, restore) =>
          actions.create.mutate({ input, key: crypto.randomUUID() }, { onError: restore })
        }
      />

      <ViewNav state={state} countOf={countOf} />
      <TaskFilters state={state} tags={tags.data} tagShown={tagShown} />

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
        <div className="flex flex-wrap items-center gap-2">
          <h2
            id="list-heading"
            ref={listHeading}
            tabIndex={-1}
            className="mr-auto text-lg font-semibold"
          >
            {current.label}
            {state.q && ` matching “${state.q}”`}
            {state.tag && ` tagged #${tagShown}`}
          </h2>
          {/* The number of tasks shown, said when a view, search or tag changes it (WCAG 4.1.3). */}
          <p aria-live="polite" className="sr-only">
            {list.data &&
              `${tasks.length}${list.hasNextPage ? " or more" : ""} task${tasks.length === 1 ? "" : "s"} shown`}
          </p>
          {selectable.length > 0 && (
            <button
              type="button"
              className="button-secondary px-3 py-1 text-sm"
              aria-pressed={selected.size === selectable.length}
              onClick={() =>
                select(
                  selected.size === selectable.length
                    ? new Set()
                    : new Set(selectable.map((t) => t.id)),
                )
              }
            >
              Select all shown
            </button>
          )}
        </div>
        {selected.size > 0 && (
          <BulkActionBar
            count={selected.size}
            onAction={onBulk}
            onClear={() => select(new Set())}
          />
        )}
        {list.isPending ? (
          <p className="text-slate-600 dark:text-slate-400">Loading your tasks…</p>
        ) : list.isError && !list.data ? (
          <div className="flex flex-wrap items-center gap-3">
            <p role="alert" className="field-error">
              Could not load your tasks: {list.error.message}
            </p>
            <button type="button" className="button-secondary" onClick={() => list.refetch()}>
              Try again
            </button>
          </div>
        ) : tasks.length === 0 ? (
          <p className="rounded-lg border border-dashed border-slate-300 p-6 text-center text-slate-600 dark:border-slate-700 dark:text-slate-400">
            {filtered ? "No tasks match." : current.empty}
          </p>
        ) : (
          <ul className="flex flex-col gap-2">
            {tasks.map((task) => (
              <TaskItem
                key={actions.keyOf(task)}
                task={task}
                today={today}
                selected={selected.has(task.id)}
                onSelect={onSelect}
                onToggle={onToggle}
                onSave={onSave}
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
