"use client";

import type { FormEvent, ReactNode } from "react";
import type { AuthClient } from "@/lib/auth-client";
import { FormAlert, FormField } from "@/lib/form-field";
import { type SchemaSource, useAuthSubmit } from "@/lib/use-auth-submit";

interface Props<T> {
  /** What the password is for: the form's opening paragraph. */
  intro: ReactNode;
  /** The field's label, its accessible name: "Password", "Confirm your password". */
  label: string;
  submitLabel: string;
  /** The submit button's classes; "button-primary" unless the change is destructive. */
  submitClassName?: string;
  /** The form's classes. */
  className?: string;
  /** Checks `{ password }` before anything is sent (loaded then); its message shows on the field. */
  schema: SchemaSource<T>;
  /** The one auth call that takes the password (its refusal shows on the field or the form). */
  call: (values: T, client: AuthClient) => Promise<{ error: { message?: string } | null }>;
  /** The page moves on after success: the form stays busy until it has. */
  leaving?: boolean;
  /** After the call succeeded. */
  onSuccess?: () => void;
  onCancel: () => void;
}

/**
 * A form that asks for the password before a change (SPEC R-M1, R-M7, R-S8): an intro, one
 * password field (`current-password`), the form's refusal, the submit button and "Cancel".
 * The submit event stops here, so a form around the prompt's place is not submitted too.
 */
export function PasswordPrompt<T>({
  intro,
  label,
  submitLabel,
  submitClassName = "button-primary",
  className = "flex flex-col gap-3",
  schema,
  call,
  leaving,
  onSuccess,
  onCancel,
}: Props<T>) {
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    const done = await submit({
      schema,
      input: { password: new FormData(event.currentTarget).get("password") ?? "" },
      call,
      leaving,
    });
    if (done) onSuccess?.();
  }

  return (
    <form {...formProps} onSubmit={onSubmit} className={className}>
      {intro}
      <FormField
        label={label}
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        autoFocus
      />
      <FormAlert message={formError} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className={submitClassName} disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
