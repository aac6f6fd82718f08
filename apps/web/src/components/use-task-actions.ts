"use client";

import { useMutation } from "@tanstack/react-query";
import type { BulkAction, CreateTaskInput, Task, UpdateTaskInput } from "@tasks/contracts";
import { useRef } from "react";
import { ApiProblem } from "@/lib/api-client";
import { SessionExpiredError } from "@/lib/session-expired";
import { useSessionContext } from "./session-provider";
import {
  addTask,
  changeLists,
  createDraft,
  moveInCounts,
  refreshAll,
  removeTasks,
  replaceTask,
  restoreSnapshot,
  resumeFetches,
  type Snapshot,
  takeSnapshot,
  taskKeys,
} from "./task-cache";

interface Feedback {
  announce: (message: string) => void;
  fail: (message: string) => void;
}

/** Why a change did not land, in words for the person who made it. */
function reason(error: unknown, title: string | undefined): string {
  if (error instanceof ApiProblem && error.status === 412) {
    return `“${title}” was changed elsewhere (another tab or device), so this change was not saved. It now shows the latest version.`;
  }
  return error instanceof Error ? error.message : "The server refused the change.";
}

/** Writes to existing tasks, one at a time: each sends the version the one before got back. */
const writes = { id: "task-writes" };

/** A network failure (the API out of reach): worth trying again, with the same key. */
const retryOnNetworkError = (failures: number, error: unknown) =>
  error instanceof TypeError && failures < 3;

/**
 * The task mutations (SPEC R-P2, R-K17, R-K18). Each changes the cache at once, then puts
 * the server's answer in its place: on success no list is fetched again, except one whose
 * fetch the change interrupted. A refusal puts the snapshot back, says why (a task changed
 * elsewhere: 412), and fetches the lists and counts again.
 *
 * Writes carry `If-Match` with the version last read from the server; the writes to one
 * task run one after another (mutation scope), each with the version the one before it
 * got back, so quick successive edits never refuse each other. Creates carry an
 * `Idempotency-Key`, kept across retries, so a retried create never makes two tasks.
 */
export function useTaskActions({ announce, fail }: Feedback) {
  const { api, queryClient: client } = useSessionContext();

  // A new task is listed under its draft's id until the server answers; the saved task
  // keeps that React key (server id → draft id), so its list item is the same element
  // (with its focus) before and after.
  const draftKeys = useRef(new Map<string, string>());
  const keyOf = (task: Task) => draftKeys.current.get(task.id) ?? task.id;

  // The version of each task the server last answered with, newer than the cache's
  // while a write's optimistic copy is shown.
  const versions = useRef(new Map<string, number>());
  const seen = (task: Task) => ({
    id: task.id,
    version: Math.max(task.version, versions.current.get(task.id) ?? 0),
  });
  const saved = (task: Task) => {
    versions.current.set(task.id, task.version);
    return task;
  };

  function onError(action: string) {
    return (
      error: unknown,
      input: { task?: Task; title?: string } | Task | unknown,
      context: { snapshot: Snapshot } | undefined,
    ) => {
      if (context) restoreSnapshot(client, context.snapshot);
      void refreshAll(client);
      if (error instanceof SessionExpiredError) return;
      const shown = input as { task?: Task; title?: string };
      fail(`Could not ${action}: ${reason(error, shown.task?.title ?? shown.title)}`);
    };
  }

  const create = useMutation({
    mutationFn: ({ input, key }: { input: CreateTaskInput; key: string }) =>
      api.create(input, key).then(saved),
    retry: retryOnNetworkError,
    onMutate: async ({ input }) => {
      const snapshot = await takeSnapshot(client);
      const draft = createDraft(input);
      addTask(client, draft);
      moveInCounts(client, null, draft);
      return { snapshot, draftId: draft.id };
    },
    onSuccess: (task, { input }, { snapshot, draftId }) => {
      draftKeys.current.set(task.id, draftId);
      addTask(client, task, draftId);
      resumeFetches(client, snapshot);
      if (input.tags?.length) void client.invalidateQueries({ queryKey: taskKeys.tags });
      announce(`Added “${task.title}”.`);
    },
    onError: (error, { input }, context) => onError("add the task")(error, input, context),
  });

  const update = useMutation({
    mutationFn: ({ task, changes }: { task: Task; changes: UpdateTaskInput }) =>
      api.update(seen(task), changes).then(saved),
    scope: writes,
    onMutate: async ({ task, changes }) => {
      const snapshot = await takeSnapshot(client);
      const changed = { ...task, ...changes, title: changes.title?.trim() ?? task.title };
      changeLists(client, (tasks) => tasks.map((t) => (t.id === task.id ? changed : t)));
      moveInCounts(client, task, changed);
      return { snapshot };
    },
    onSuccess: (task, { changes }, { snapshot }) => {
      replaceTask(client, task);
      resumeFetches(client, snapshot);
      if (changes.tags) void client.invalidateQueries({ queryKey: taskKeys.tags });
      announce(`Saved “${task.title}”.`);
    },
    onError: onError("save the task"),
  });

  const setCompleted = useMutation({
    mutationFn: ({ task, completed }: { task: Task; completed: boolean }) =>
      api.setCompleted(seen(task), completed).then(saved),
    scope: writes,
    onMutate: async ({ task, completed }) => {
      const snapshot = await takeSnapshot(client);
      changeLists(client, (tasks) =>
        tasks.map((t) => (t.id === task.id ? { ...t, completed } : t)),
      );
      moveInCounts(client, task, { ...task, completed });
      return { snapshot };
    },
    onSuccess: (task, _input, { snapshot }) => {
      replaceTask(client, task);
      resumeFetches(client, snapshot);
      announce(
        task.completed ? `Completed “${task.title}”.` : `Marked “${task.title}” as not done.`,
      );
    },
    onError: onError("update the task"),
  });

  const remove = useMutation({
    mutationFn: ({ task }: { task: Task }) => api.remove(seen(task)),
    scope: writes,
    onMutate: async ({ task }) => {
      const snapshot = await takeSnapshot(client);
      removeTasks(client, new Set([task.id]));
      moveInCounts(client, task, null);
      return { snapshot };
    },
    onSuccess: (_answer, { task }, { snapshot }) => {
      resumeFetches(client, snapshot);
      if (task.tags.length) void client.invalidateQueries({ queryKey: taskKeys.tags });
    },
    onError: onError("delete the task"),
  });

  /** One action on the selected tasks, all or none (R-K19); lists are fetched again after. */
  const bulk = useMutation({
    mutationFn: ({ tasks, action }: { tasks: Task[]; action: BulkAction }) =>
      api.bulk(
        tasks.map((task) => task.id),
        action,
      ),
    scope: writes,
    onMutate: async ({ tasks, action }) => {
      const snapshot = await takeSnapshot(client);
      if (action === "delete") {
        removeTasks(client, new Set(tasks.map((task) => task.id)));
      } else {
        const completed = action === "complete";
        const ids = new Set(tasks.map((task) => task.id));
        changeLists(client, (list) => list.map((t) => (ids.has(t.id) ? { ...t, completed } : t)));
      }
      for (const task of tasks) {
        moveInCounts(
          client,
          task,
          action === "delete" ? null : { ...task, completed: action === "complete" },
        );
      }
      return { snapshot };
    },
    onSuccess: (result, { action }) => {
      for (const task of result.tasks) saved(task);
      void refreshAll(client);
      const count = `${result.count} task${result.count === 1 ? "" : "s"}`;
      announce(
        {
          complete: `Completed ${count}.`,
          uncomplete: `Marked ${count} as not done.`,
          delete: `Deleted ${count}.`,
        }[action],
      );
    },
    onError: onError("change the selected tasks"),
  });

  return { create, update, setCompleted, remove, bulk, keyOf };
}
