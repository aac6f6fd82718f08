"use client";

import { DESCRIPTION_MAX, type Task, TITLE_MAX, type UpdateTaskInput } from "@tasks/contracts";
import { type FormEvent, type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { isDraft } from "./task-cache";

interface TaskItemProps {
  task: Task;
  onToggle: (task: Task, completed: boolean) => void;
  onSave: (task: Task, changes: UpdateTaskInput) => void;
  onDelete: (task: Task) => void;
}

export function TaskItem({ task, onToggle, onSave, onDelete }: TaskItemProps) {
  const id = useId();
  const [editing, setEditing] = useState(false);
  // Shown at once on click: the cached task changes a few ticks later (the optimistic
  // update waits for in-flight fetches to be cancelled), and a controlled checkbox would
  // flick back meanwhile. Any new version of the task (saved, refetched, rolled back) wins.
  const [shownCompleted, setShownCompleted] = useState(task.completed);
  useEffect(() => setShownCompleted(task.completed), [task]);
  const [error, setError] = useState<string | null>(null);
  const titleInput = useRef<HTMLInputElement>(null);
  const editButton = useRef<HTMLButtonElement>(null);
  const saving = isDraft(task);

  useEffect(() => {
    if (editing) titleInput.current?.select();
  }, [editing]);

  function stopEditing() {
    setEditing(false);
    setError(null);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const title = String(data.get("title") ?? "").trim();
    const description = String(data.get("description") ?? "");
    if (!title) {
      setError("Title is required");
      return;
    }
    const changes: UpdateTaskInput = {};
    if (title !== task.title) changes.title = title;
    if (description !== (task.description ?? "")) changes.description = description || null;
    if (Object.keys(changes).length > 0) onSave(task, changes);
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
        <form onSubmit={onSubmit} onKeyDown={onKeyDown} className="flex flex-col gap-2" noValidate>
          <label htmlFor={`${id}-title`} className="text-sm font-medium">
            Edit title
          </label>
          <input
            ref={titleInput}
            id={`${id}-title`}
            name="title"
            className="field"
            defaultValue={task.title}
            maxLength={TITLE_MAX}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? `${id}-error` : undefined}
          />
          {error && (
            <p id={`${id}-error`} className="field-error">
              {error}
            </p>
          )}
          <label htmlFor={`${id}-description`} className="text-sm font-medium">
            Edit description
          </label>
          <textarea
            id={`${id}-description`}
            name="description"
            className="field"
            rows={2}
            defaultValue={task.description ?? ""}
            maxLength={DESCRIPTION_MAX}
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
      className="flex items-start gap-3 rounded-lg border border-slate-200 bg-white p-3 dark:border-slate-700 dark:bg-slate-900"
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
      </div>
      <div className="flex shrink-0 gap-1">
        <button
          ref={editButton}
          type="button"
          className="rounded-md px-2 py-1 text-sm font-medium text-blue-700 hover:bg-blue-50 disabled:opacity-50 dark:text-blue-300 dark:hover:bg-slate-800"
          aria-label={`Edit ${task.title}`}
          disabled={saving}
          onClick={() => setEditing(true)}
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
}
