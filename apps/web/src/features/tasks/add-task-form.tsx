"use client";

import { type FormEvent, useState } from "react";
import { SHORTCUT_TARGETS } from "./keyboard-shortcuts";
import {
  preloadTaskSchema,
  TaskFields,
  type TaskFormErrors,
  type TaskFormValues,
  useTaskFormCheck,
} from "./task-fields";

interface AddTaskFormProps {
  /** Adds the task; `restore` puts what was typed back in the form if the add fails. */
  onAdd: (task: TaskFormValues, restore: () => void) => void;
}

/** The new-task form: every field of a task, checked as the API checks them. */
export function AddTaskForm({ onAdd }: AddTaskFormProps) {
  // Fixed ids (one such form per page): the `n` shortcut focuses its title (R-P6).
  const id = SHORTCUT_TARGETS.newTask;
  const [errors, setErrors] = useState<TaskFormErrors>({});
  const check = useTaskFormCheck();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const typed = new FormData(form);
    const read = await check(typed);
    if (!read) return;
    const title = form.elements.namedItem("title") as HTMLInputElement;
    if (read.errors) {
      setErrors(read.errors);
      const first = Object.keys(read.errors)[0];
      (form.elements.namedItem(first ?? "title") as HTMLElement | null)?.focus();
      return;
    }
    setErrors({});
    onAdd(read.values, () => {
      for (const [name, value] of typed) {
        const field = form.elements.namedItem(name);
        if (
          field instanceof HTMLInputElement ||
          field instanceof HTMLTextAreaElement ||
          field instanceof HTMLSelectElement
        ) {
          field.value = String(value);
        }
      }
    });
    form.reset();
    title.focus();
  }

  return (
    <form
      method="post"
      onSubmit={onSubmit}
      onFocus={preloadTaskSchema}
      noValidate
      aria-label="New task"
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
    >
      <TaskFields id={id} errors={errors} />
      <button type="submit" className="button-primary self-start">
        Add task
      </button>
    </form>
  );
}
