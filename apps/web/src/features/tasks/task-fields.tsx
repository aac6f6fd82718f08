"use client";

import {
  DESCRIPTION_MAX,
  type TaskPriority,
  TITLE_MAX,
  taskPriorities,
} from "@tasks/contracts/limits";
import { type Ref, useRef } from "react";
import { type FieldErrors, fieldErrorsOf } from "@/lib/form-errors";
import type { Task } from "./api-client";

/** How each priority reads on screen (R-K14). */
export const priorityLabels: Record<TaskPriority, string> = {
  none: "No priority",
  low: "Low",
  medium: "Medium",
  high: "High",
};

/** The fields of a task as typed in a form: what createTaskSchema reads. */
export type TaskFormValues = Pick<Task, "title" | "description" | "dueDate" | "priority" | "tags">;

export type TaskFormErrors = FieldErrors<keyof TaskFormValues>;

/** The API's task schema and zod, loaded by a task form's first use, not by the page (decision 051). */
const loadTaskSchema = () => import("@tasks/contracts").then((rules) => rules.createTaskSchema);

/** Starts loading the schema as a task form gets focus, so its first submit need not wait. */
export function preloadTaskSchema() {
  loadTaskSchema().catch(() => undefined); // a submit loads it again
}

const RULES_NOT_LOADED =
  "The task could not be checked: the page lost its connection. Try again when you are online.";

/** A task form's values, checked by the API's schema (R-K10, R-K13–R-K15); tags comma-separated. */
export async function readTaskForm(
  data: FormData,
): Promise<{ values: TaskFormValues; errors?: undefined } | { errors: TaskFormErrors }> {
  const text = (name: string) => String(data.get(name) ?? "");
  const schema = await loadTaskSchema().catch(() => null);
  // Offline before the form was ever used: say so; the next submit loads it again.
  if (!schema) return { errors: { title: RULES_NOT_LOADED } };
  const parsed = schema.safeParse({
    title: text("title"),
    description: text("description") || null,
    dueDate: text("dueDate") || null,
    priority: text("priority") || "none",
    tags: text("tags")
      .split(",")
      .map((tag) => tag.trim())
      .filter(Boolean),
  });
  if (parsed.success) {
    const { title, description = null, dueDate = null, priority = "none", tags = [] } = parsed.data;
    return { values: { title, description, dueDate, priority, tags } };
  }
  return { errors: fieldErrorsOf<keyof TaskFormValues>(parsed.error) };
}

/**
 * A task form's check on submit (`readTaskForm`); null for a submit made while the first
 * check still waits for the schema, which would send the same task twice.
 */
export function useTaskFormCheck() {
  const checking = useRef(false);
  return async (data: FormData) => {
    if (checking.current) return null;
    checking.current = true;
    try {
      return await readTaskForm(data);
    } finally {
      checking.current = false;
    }
  };
}

interface Props {
  /** The id prefix of the form's fields (unique on the page). */
  id: string;
  /**
   * "Edit title" and "Edit description" on a task, "Title" and "Description" on the new-task
   * form; "Due date", "Priority" and "Tags" on both (DESIGN's UI contract).
   */
  labelPrefix?: string;
  task?: TaskFormValues;
  errors: TaskFormErrors;
  titleRef?: Ref<HTMLInputElement>;
}

export function TaskFields({ id, labelPrefix = "", task, errors, titleRef }: Props) {
  const label = (name: string) => (labelPrefix ? `${labelPrefix} ${name.toLowerCase()}` : name);
  const described = (name: keyof TaskFormValues, hint?: boolean) => {
    const ids = [hint && `${id}-${name}-hint`, errors[name] && `${id}-${name}-error`];
    return ids.filter(Boolean).join(" ") || undefined;
  };
  const error = (name: keyof TaskFormValues) =>
    errors[name] && (
      <p id={`${id}-${name}-error`} role="alert" className="field-error">
        {errors[name]}
      </p>
    );
  return (
    <>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-title`} className="font-medium">
          {label("Title")}
        </label>
        <input
          ref={titleRef}
          id={`${id}-title`}
          name="title"
          className="field"
          defaultValue={task?.title}
          maxLength={TITLE_MAX}
          placeholder={task ? undefined : "What needs doing?"}
          aria-invalid={errors.title ? true : undefined}
          aria-describedby={described("title")}
        />
        {error("title")}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-description`} className="font-medium">
          {label("Description")}
        </label>
        <textarea
          id={`${id}-description`}
          name="description"
          className="field"
          rows={2}
          defaultValue={task?.description ?? ""}
          maxLength={DESCRIPTION_MAX}
          aria-invalid={errors.description ? true : undefined}
          aria-describedby={described("description")}
        />
        {error("description")}
      </div>
      <div className="grid gap-3 sm:grid-cols-3">
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-dueDate`} className="font-medium">
            Due date
          </label>
          <input
            id={`${id}-dueDate`}
            name="dueDate"
            type="date"
            className="field"
            defaultValue={task?.dueDate ?? ""}
            aria-invalid={errors.dueDate ? true : undefined}
            aria-describedby={described("dueDate")}
          />
          {error("dueDate")}
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-priority`} className="font-medium">
            Priority
          </label>
          <select
            id={`${id}-priority`}
            name="priority"
            className="field"
            defaultValue={task?.priority ?? "none"}
          >
            {taskPriorities.map((priority) => (
              <option key={priority} value={priority}>
                {priorityLabels[priority]}
              </option>
            ))}
          </select>
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={`${id}-tags`} className="font-medium">
            Tags
          </label>
          <input
            id={`${id}-tags`}
            name="tags"
            className="field"
            defaultValue={task?.tags.join(", ")}
            autoComplete="off"
            aria-invalid={errors.tags ? true : undefined}
            aria-describedby={described("tags", true)}
          />
          <p id={`${id}-tags-hint`} className="text-sm text-slate-600 dark:text-slate-400">
            Separate with commas
          </p>
          {error("tags")}
        </div>
      </div>
    </>
  );
}
