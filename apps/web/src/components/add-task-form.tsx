"use client";

import { createTaskSchema, DESCRIPTION_MAX, TITLE_MAX } from "@tasks/contracts";
import { type FormEvent, useId, useRef, useState } from "react";

interface AddTaskFormProps {
  onAdd: (input: { title: string; description?: string }) => void;
}

export function AddTaskForm({ onAdd }: AddTaskFormProps) {
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const title = useRef<HTMLInputElement>(null);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const description = String(data.get("description") ?? "");
    const parsed = createTaskSchema.safeParse({
      title: String(data.get("title") ?? ""),
      ...(description ? { description } : {}),
    });
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message ?? "Invalid task");
      title.current?.focus();
      return;
    }
    setError(null);
    onAdd({ title: parsed.data.title, description: parsed.data.description ?? undefined });
    form.reset();
    title.current?.focus();
  }

  return (
    <form
      onSubmit={onSubmit}
      noValidate
      className="flex flex-col gap-3 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
    >
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-title`} className="font-medium">
          Title
        </label>
        <input
          ref={title}
          id={`${id}-title`}
          name="title"
          className="field"
          maxLength={TITLE_MAX}
          placeholder="What needs doing?"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {error && (
          <p id={`${id}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-description`} className="font-medium">
          Description
        </label>
        <textarea
          id={`${id}-description`}
          name="description"
          className="field"
          rows={2}
          maxLength={DESCRIPTION_MAX}
        />
      </div>
      <button type="submit" className="button-primary self-start">
        Add task
      </button>
    </form>
  );
}
