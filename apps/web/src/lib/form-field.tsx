import { type InputHTMLAttributes, useId } from "react";
import { EMAIL_MAX, NAME_MAX } from "./credential-limits.ts";

interface Props extends InputHTMLAttributes<HTMLInputElement> {
  label: string;
  name: string;
  error?: string;
  hint?: string;
}

/** A labelled input with its hint and error tied to it (SPEC R-P1, R-P5). */
export function FormField({ label, name, error, hint, ...input }: Props) {
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ");
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        className="field"
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...input}
      />
      {hint && (
        <p id={`${id}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} role="alert" className="field-error">
          {error}
        </p>
      )}
    </div>
  );
}

interface SubmitRowProps {
  label: string;
  pending: boolean;
  status: string;
}

/** A refusal for the whole form, announced as it appears (SPEC R-P1). */
export function FormAlert({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="field-error">
      {message}
    </p>
  );
}

type PresetProps = Omit<Props, "label" | "name">;

/** The email field of the sign-in, sign-up and forgot-password forms (SPEC R-A2). */
export function EmailField(props: PresetProps) {
  return (
    <FormField
      label="Email"
      name="email"
      type="email"
      autoComplete="email"
      required
      maxLength={EMAIL_MAX}
      {...props}
    />
  );
}

/** The person's name, on sign-up and on the account page (SPEC R-A1, R-S1). */
export function NameField(props: PresetProps) {
  return (
    <FormField
      label="Name"
      name="name"
      type="text"
      autoComplete="name"
      maxLength={NAME_MAX}
      {...props}
    />
  );
}

export function SubmitRow({ label, pending, status }: SubmitRowProps) {
  return (
    <div className="flex flex-wrap items-center gap-3">
      <button type="submit" className="button-primary" disabled={pending}>
        {label}
      </button>
      <p role="status" className="text-sm">
        {status}
      </p>
    </div>
  );
}
