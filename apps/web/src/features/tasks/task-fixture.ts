import type { Task } from "./api-client.ts";

/** A task for tests: "Pay rent", pending, unplanned, with `fields` over it. */
export function taskWith(fields: Partial<Task> = {}): Task {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    id: "t",
    userId: "u",
    title: "Pay rent",
    description: null,
    completed: false,
    dueDate: null,
    priority: "none",
    tags: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
    ...fields,
  };
}
