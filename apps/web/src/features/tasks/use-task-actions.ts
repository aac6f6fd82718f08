"use client";

import { useMutation } from "@tanstack/react-query";
import { useRef } from "react";
import { SessionExpiredError } from "@/features/auth/session-expired";
import { useSessionContext } from "@/features/auth/session-provider";
import {
  ApiProblem,
  type BulkAction,
  type CreateTaskInput,
  type Task,
  type TasksApi,
  type UpdateTaskInput,
} from "./api-client";
import {
  addTask,
  createDraft,
  markListsStale,
  moveInCounts,
  refreshLists,
  removeTasks,
  replaceTask,
  restoreSnapshot,
  resumeFetches,
  type Snapshot,
  takeSnapshot,
  taskKeys,
} from "./task-cache";

interface Options {
  api: TasksApi;
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

/** Writes to existing tasks, one at a time: each can send the version the one before got back. */
const writes = { id: "task-writes" };

/** A network failure (the API out of reach): worth trying again, with the same key. */
const retryOnNetworkError = (failures: number, error: unknown) =>
  error instanceof TypeError && failures < 3;

/**
 * The task mutations (SPEC R-P2, R-K17, R-K18): the cache changes at once and a refusal puts
 * it back. Writes carry `If-Match`, one after another; creates an `Idempotency-Key`.
 */
export function useTaskActions({ api, announce, fail }: Options) {
  const { queryClient: client } = useSessionContext();

  // The saved task keeps its draft's React key, so its list item (and focus) stays.
  const draftKeys = useRef(new Map<string, string>());
  const keyOf = (task: Task) => draftKeys.current.get(task.id) ?? task.id;

  // Per task, the versions this page's own writes replaced: version sent → version answered.
  const replaced = useRef(new Map<string, Map<number, number>>());
  const seen = (task: Task) => {
    const chain = replaced.current.get(task.id);
    let version = task.version;
    while (chain?.has(version)) version = chain.get(version) as number;
    return { id: task.id, version };
  };
  const wrote = (sent: { id: string; version: number }) => (task: Task) => {
    const chain = replaced.current.get(task.id) ?? new Map<number, number>();
    chain.set(sent.version, task.version);
    replaced.current.set(task.id, chain);
    return task;
  };

  function onError<V>(action: string, titleOf: (input: V) => string | undefined) {
    return (error: unknown, input: V, context: { snapshot: Snapshot } | undefined) => {
      if (context) restoreSnapshot(client, context.snapshot);
      void refreshLists(client);
      if (!(error instanceof SessionExpiredError)) {
        fail(`Could not ${action}: ${reason(error, titleOf(input))}`);
      }
    };
  }

  /** The last write in flight has settled: counts and tags as the server has them. */
  function onSettled() {
    if (client.isMutating() > 1) return;
    void client.invalidateQueries({ queryKey: taskKeys.counts });
    void client.invalidateQueries({ queryKey: taskKeys.tags });
  }

  const create = useMutation({
    mutationFn: ({ input, key }: { input: CreateTaskInput; key: string }) => api.create(input, key),
    retry: retryOnNetworkError,
    onMutate: async ({ input }) => {
      const snapshot = await takeSnapshot(client);
      const draft = createDraft(input);
      addTask(client, draft);
      moveInCounts(client, null, draft);
      return { snapshot, draftId: draft.id };
    },
    onSuccess: (task, _input, { snapshot, draftId }) => {
      draftKeys.current.set(task.id, draftId);
      addTask(client, task, draftId);
      markListsStale(client);
      resumeFetches(client, snapshot);
      announce(`Added “${task.title}”.`);
    },
    onError: onError("add the task", (input: { input: CreateTaskInput }) => input.input.title),
    onSettled,
  });

  const update = useMutation({
    mutationFn: ({ task, changes }: { task: Task; changes: UpdateTaskInput }) => {
      const sent = seen(task);
      return api.update(sent, changes).then(wrote(sent));
    },
    scope: writes,
    onMutate: async ({ task, changes }) => {
      const snapshot = await takeSnapshot(client);
      const changed = { ...task, ...changes, title: changes.title?.trim() ?? task.title };
      replaceTask(client, changed);
      moveInCounts(client, task, changed);
      return { snapshot };
    },
    onSuccess: (task, _input, { snapshot }) => {
      replaceTask(client, task);
      markListsStale(client);
      resumeFetches(client, snapshot);
      announce(`Saved “${task.title}”.`);
    },
    onError: onError("save the task", (input: { task: Task }) => input.task.title),
    onSettled,
  });

  const setCompleted = useMutation({
    mutationFn: ({ task, completed }: { task: Task; completed: boolean }) => {
      const sent = seen(task);
      return api.setCompleted(sent, completed).then(wrote(sent));
    },
    scope: writes,
    onMutate: async ({ task, completed }) => {
      const snapshot = await takeSnapshot(client);
      replaceTask(client, { ...task, completed });
      moveInCounts(client, task, { ...task, completed });
      return { snapshot };
    },
    onSuccess: (task, _input, { snapshot }) => {
      replaceTask(client, task);
      markListsStale(client);
      resumeFetches(client, snapshot);
      announce(
        task.completed ? `Completed “${task.title}”.` : `Marked “${task.title}” as not done.`,
      );
    },
    onError: onError("update the task", (input: { task: Task }) => input.task.title),
    onSettled,
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
      announce(`Deleted “${task.title}”.`);
    },
    onError: onError("delete the task", (input: { task: Task }) => input.task.title),
    onSettled,
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
      if (action === "delete") removeTasks(client, new Set(tasks.map((task) => task.id)));
      for (const task of tasks) {
        const after = action === "delete" ? null : { ...task, completed: action === "complete" };
        if (after) replaceTask(client, after);
        moveInCounts(client, task, after);
      }
      return { snapshot };
    },
    onSuccess: (result, { action }) => {
      void refreshLists(client);
      const count = `${result.count} task${result.count === 1 ? "" : "s"}`;
      announce(
        {
          complete: `Completed ${count}.`,
          uncomplete: `Marked ${count} as not done.`,
          delete: `Deleted ${count}.`,
        }[action],
      );
    },
    onError: onError("change the selected tasks", () => "The selected tasks"),
    onSettled,
  });

  return { create, update, setCompleted, remove, bulk, keyOf };
}
