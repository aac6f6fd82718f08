"use client";

import { useMutation } from "@tanstack/react-query";
import type { CreateTaskInput, Task, UpdateTaskInput } from "@tasks/contracts";
import { useRef } from "react";
import { SessionExpiredError } from "@/lib/session-expired";
import { useSessionContext } from "./session-provider";
import {
  addTask,
  changeCounts,
  changeLists,
  createDraft,
  refreshAll,
  replaceTask,
  restoreSnapshot,
  resumeFetches,
  type Snapshot,
  takeSnapshot,
} from "./task-cache";

interface Feedback {
  announce: (message: string) => void;
  fail: (message: string) => void;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : "The server refused the change.";
}

/**
 * The task mutations (SPEC R-P2). Each changes the cache at once, then puts the server's
 * answer in its place: on success no list is fetched again, except one whose fetch the
 * change interrupted. A refusal puts the snapshot back, says why, and fetches the lists
 * and counts again (other changes may have landed meanwhile).
 */
export function useTaskActions({ announce, fail }: Feedback) {
  const { api, queryClient: client } = useSessionContext();

  // A new task is listed under its draft's id until the server answers; the saved task
  // keeps that React key (server id → draft id), so its list item is the same element
  // (with its focus) before and after.
  const draftKeys = useRef(new Map<string, string>());
  const keyOf = (task: Task) => draftKeys.current.get(task.id) ?? task.id;

  function onError(action: string) {
    return (error: unknown, _input: unknown, context: { snapshot: Snapshot } | undefined) => {
      if (context) restoreSnapshot(client, context.snapshot);
      void refreshAll(client);
      if (!(error instanceof SessionExpiredError)) fail(`Could not ${action}: ${reason(error)}`);
    };
  }

  const create = useMutation({
    mutationFn: (input: CreateTaskInput) => api.create(input),
    onMutate: async (input) => {
      const snapshot = await takeSnapshot(client);
      const draft = createDraft(input);
      addTask(client, draft);
      changeCounts(client, { all: 1, [draft.completed ? "completed" : "pending"]: 1 });
      return { snapshot, draftId: draft.id };
    },
    onSuccess: (task, _input, { snapshot, draftId }) => {
      draftKeys.current.set(task.id, draftId);
      addTask(client, task, draftId);
      resumeFetches(client, snapshot);
      announce(`Added “${task.title}”.`);
    },
    onError: onError("add the task"),
  });

  const update = useMutation({
    mutationFn: ({ id, changes }: { id: string; changes: UpdateTaskInput }) =>
      api.update(id, changes),
    onMutate: async ({ id, changes }) => {
      const snapshot = await takeSnapshot(client);
      changeLists(client, (tasks) =>
        tasks.map((task) =>
          task.id === id
            ? { ...task, ...changes, title: changes.title?.trim() ?? task.title }
            : task,
        ),
      );
      return { snapshot };
    },
    onSuccess: (task, _input, { snapshot }) => {
      replaceTask(client, task);
      resumeFetches(client, snapshot);
      announce(`Saved “${task.title}”.`);
    },
    onError: onError("save the task"),
  });

  const setCompleted = useMutation({
    mutationFn: ({ task, completed }: { task: Task; completed: boolean }) =>
      api.setCompleted(task.id, completed),
    onMutate: async ({ task, completed }) => {
      const snapshot = await takeSnapshot(client);
      changeLists(client, (tasks) =>
        tasks.map((t) => (t.id === task.id ? { ...t, completed } : t)),
      );
      if (task.completed !== completed) {
        changeCounts(
          client,
          completed ? { completed: 1, pending: -1 } : { completed: -1, pending: 1 },
        );
      }
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
    mutationFn: (task: Task) => api.remove(task.id),
    onMutate: async (task) => {
      const snapshot = await takeSnapshot(client);
      changeLists(client, (tasks) => tasks.filter((t) => t.id !== task.id));
      changeCounts(client, { all: -1, [task.completed ? "completed" : "pending"]: -1 });
      return { snapshot };
    },
    onSuccess: (_answer, _task, { snapshot }) => resumeFetches(client, snapshot),
    onError: onError("delete the task"),
  });

  return { create, update, setCompleted, remove, keyOf };
}
