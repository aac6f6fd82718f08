"use client";

import {
  type FormEvent,
  type KeyboardEvent,
  memo,
  useEffect,
  useId,
  useRef,
  useState,
} from "react";
import type { Task, UpdateTaskInput } from "./api-client";
import { isOverdue } from "./dashboard-view";
import { dueLabel } from "./due-label";
import { isDraft } from "./task-cache";
import {
  preloadTaskSchema,
  priorityLabels,
  TaskFields,
  type TaskFormErrors,
  type TaskFormValues,
  useTaskFormCheck,
} from "./task-fields";

interface TaskItemProps {
  task: Task;
  today: string;
  selected: boolean;
  onSelect: (task: Task, selected: boolean) => void;
  onToggle: (task: Task, completed: boolean) => void;
  onSave: (task: Task, changes: UpdateTaskInput) => void;
  onDelete: (task: Task) => void;
}

function changesOf(task: Task, values: TaskFormValues): UpdateTaskInput {
  const changes: UpdateTaskInput = {};
  if (values.title !== task.title) changes.title = values.title;
  if (values.description !== task.description) changes.description = values.description;
  if (values.dueDate !== task.dueDate) changes.dueDate = values.dueDate;
  if (values.priority !== task.priority) changes.priority = values.priority;
  if (values.tags.join("\n") !== task.tags.join("\n")) changes.tags = values.tags;
  return changes;
}

/**
 * One task: select, complete, its plan (due date, priority, tags), edit and delete (R-P6).
 * Memoized: it renders again only when its own props change, so give it stable handlers.
 */
export const TaskItem = memo(function TaskItem({
  task,
  today,
  selected,
  onSelect,
  onToggle,
  onSave,
  onDelete,
}: TaskItemProps) {
  const id = useId();
  // The task as editing began: the save's If-Match (R-K17).
  const [editing, setEditing] = useState<Task | null>(null);
  // The cache changes a few ticks after a click; meanwhile the checkbox shows the click.
  const [shownCompleted, setShownCompleted] = useState(task.completed);
  useEffect(() => setShownCompleted(task.completed), [task]);
  const [errors, setErrors] = useState<TaskFormErrors>({});
  const titleInput = useRef<HTMLInputElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const check = useTaskFormCheck();
  const saving = isDraft(task);
  const overdue = isOverdue({ ...task, completed: shownCompleted }, today);

  useEffect(() => {
    if (editing) titleInput.current?.select();
  }, [editing]);

  function stopEditing() {
    setEditing(null);
    setErrors({});
    requestAnimationFrame(() => editButton.current?.focus());
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const read = await check(new FormData(form));
    // Cancelled while the check waited: the form is gone, and so is the edit.
    if (!read || !form.isConnected) return;
    if (read.errors) {
      setErrors(read.errors);
      return;
    }
    const from = editing ?? task;
    const changes = changesOf(from, read.values);
    if (Object.keys(changes).length > 0) onSave(from, changes);
    stopEditing();
  }

  function onKeyDown(event: KeyboardEvent<HTMLFormElement>) {
    if (event.key === "Escape") {
      event.preventDefault();
      stopEditing();
    }
  }

  if (editing) {
    return (
      <li className="rounded-lg border border-blue-400 bg-white p-3 dark:bg-slate-900">
        <form
          method="post"
          onSubmit={onSubmit}
          onFocus={preloadTaskSchema}
          onKeyDown={onKeyDown}
          className="flex flex-col gap-2"
          aria-label={`Edit ${task.title}`}
          noValidate
        >
          <TaskFields
            id={id}
            labelPrefix="Edit"
            task={task}
            errors={errors}
            titleRef={titleInput}
          />
          <div className="flex gap-2">
            <button type="submit" className="button-primary">
              Save
            </button>
            <button type="button" className="button-secondary" onClick={stopEditing}>
              Cancel
            </button>
          </div>
        </form>
      </li>
    );
  }

  return (
    <li
      // Off-screen tasks skip style, layout and paint until scrolled near (a page holds up to
      // 50); the placeholder height is a phone's two-row task, then each task's own.
      className="flex flex-wrap items-start gap-x-3 gap-y-1 rounded-lg sm:flex-nowrap border border-slate-200 bg-white p-3 [contain-intrinsic-block-size:auto_7rem] [content-visibility:auto] dark:border-slate-700 dark:bg-slate-900"
      aria-busy={saving || undefined}
    >
      <input
        id={`${id}-done`}
        type="checkbox"
        className="mt-1 size-5 shrink-0 accent-blue-700"
        checked={shownCompleted}
        disabled={saving}
        onChange={(event) => {
          setShownCompleted(event.target.checked);
          onToggle(task, event.target.checked);
        }}
      />
      <div className="min-w-0 flex-1">
        <label
          htmlFor={`${id}-done`}
          className={`block break-words ${shownCompleted ? "text-slate-500 line-through dark:text-slate-400" : ""}`}
        >
          {task.title}
        </label>
        {task.description && (
          <p className="mt-1 whitespace-pre-wrap break-words text-sm text-slate-600 dark:text-slate-400">
            {task.description}
          </p>
        )}
        {(task.dueDate || task.priority !== "none" || task.tags.length > 0) && (
          <ul
            aria-label="Plan"
            className="mt-2 flex flex-wrap items-center gap-x-3 gap-y-1 text-sm text-slate-700 dark:text-slate-300"
          >
            {task.dueDate && (
              <li>
                Due{" "}
                <time dateTime={task.dueDate} title={task.dueDate}>
                  {dueLabel(task.dueDate, today)}
                </time>
                {overdue && (
                  <strong className="ml-2 rounded bg-red-100 px-1.5 py-0.5 font-semibold text-red-800 dark:bg-red-950 dark:text-red-200">
                    Overdue
                  </strong>
                )}
              </li>
            )}
            {task.priority !== "none" && <li>{priorityLabels[task.priority]} priority</li>}
            {task.tags.map((tag) => (
              <li
                key={tag}
                className="rounded-full bg-slate-100 px-2 py-0.5 text-slate-800 dark:bg-slate-800 dark:text-slate-200"
              >
                <span className="sr-only">Tag: </span>#{tag}
              </li>
            ))}
          </ul>
        )}
      </div>
      <div className="flex shrink-0 basis-full justify-end gap-1 sm:basis-auto">
        {/* DESIGN's "Select <title>": a second checkbox, named apart from the title's "done". */}
        <label className="flex items-center gap-1.5 rounded-md px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100 has-[:disabled]:opacity-50 dark:text-slate-300 dark:hover:bg-slate-800">
          <input
            type="checkbox"
            className="size-4 accent-blue-700"
            aria-label={`Select ${task.title}`}
            checked={selected}
            disabled={saving}
            onChange={(event) => onSelect(task, event.target.checked)}
          />
          <span aria-hidden="true">Select</span>
        </label>
        <button
          ref={editButton}
          type="button"
          className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 disabled:opacity-50 dark:text-blue-300 dark:hover:bg-slate-800"
          aria-label={`Edit ${task.title}`}
          disabled={saving}
          onClick={() => setEditing(task)}
        >
          Edit
        </button>
        <button
          type="button"
          className="rounded-md px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50 disabled:opacity-50 dark:text-red-300 dark:hover:bg-slate-800"
          aria-label={`Delete ${task.title}`}
          disabled={saving}
          onClick={() => onDelete(task)}
        >
          Delete
        </button>
      </div>
    </li>
  );
});
