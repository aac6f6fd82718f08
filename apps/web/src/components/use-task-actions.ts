"use client";

import { useMutation } from "@tanstack/react-query";
import type { CreateTaskInput, Task, UpdateTaskInput } from "@tasks/contracts";
import { useRef } from "react";
import { SessionExpiredError } from "@/lib/session-expired";
import { useSessionContext } from "./session-provider";
import {
  belongsTo,
  changeCounts,
  changeLists,
  refreshAll,
  restoreSnapshot,
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

/** The task mutations, each optimistic with rollback and a message on failure. */
export function useTaskActions({ announce, fail }: Feedback) {
  const { api, queryClient: client } = useSessionContext();

  // A new task is shown under a draft id until the server answers; its list item keeps
  // that key afterwards, so React does not replace the element (and lose its focus).
  const stableKeys = useRef(new Map<string, string>());
  const keyOf = (task: Task) => stableKeys.current.get(task.id) ?? task.id;

  function onError(action: string) {
    return (
      error: unknown,
      _input: unknown,
      context: Snapshot | { snapshot: Snapshot } | undefined,
    ) => {
      const snapshot = context && "snapshot" in context ? context.snapshot : context;
      if (snapshot) restoreSnapshot(client, snapshot);
      if (!(error instanceof SessionExpiredError)) fail(`Could not ${action}: ${reason(error)}`);
    };
  }
  const onSettled = () => refreshAll(client);

  const create = useMutation({
    mutationFn: (input: CreateTaskInput) => api.create(input),
    onMutate: async (input) => {
      const snapshot = await takeSnapshot(client);
      const now = new Date().toISOString();
      const draft: Task = {
        id: `pending-${crypto.randomUUID()}`,
        userId: "",
        title: input.title.trim(),
        description: input.description ?? null,
        completed: input.completed ?? false,
        createdAt: now,
        updatedAt: now,
      };
      changeLists(client, (tasks, status) =>
        belongsTo(draft, status) ? [draft, ...tasks] : tasks,
      );
      changeCounts(client, { all: 1, [draft.completed ? "completed" : "pending"]: 1 });
      return snapshot;
    },
    onSuccess: (task) => announce(`Added “${task.title}”.`),
    onError: onError("add the task"),
    onSettled,
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
      return snapshot;
    },
    onSuccess: (task) => announce(`Saved “${task.title}”.`),
    onError: onError("save the task"),
    onSettled,
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
      return snapshot;
    },
    onSuccess: (task) =>
      announce(
        task.completed ? `Completed “${task.title}”.` : `Marked “${task.title}” as not done.`,
      ),
    onError: onError("update the task"),
    onSettled,
  });

  const remove = useMutation({
    mutationFn: (task: Task) => api.remove(task.id),
    onMutate: async (task) => {
      const snapshot = await takeSnapshot(client);
      changeLists(client, (tasks) => tasks.filter((t) => t.id !== task.id));
      changeCounts(client, { all: -1, [task.completed ? "completed" : "pending"]: -1 });
      return snapshot;
    },
    onError: onError("delete the task"),
    onSettled,
  });

  return { create, update, setCompleted, remove, keyOf };
}
