"use client";

import Link from "next/link";
import { type FormEvent, useId, useState } from "react";
import { type AuthFailure, attempt, authClient } from "@/lib/auth-client";
import { signInSchema, signUpSchema } from "@/lib/credentials";
import { safeReturnPath } from "./safe-path";

type Mode = "signin" | "signup";
type FieldErrors = Partial<Record<NonNullable<AuthFailure["field"]>, string>>;

interface AuthFormProps {
  mode: Mode;
  /** Where to go after success: already checked to be a path on this site. */
  next: string;
  expired?: boolean;
}

const copy = {
  signin: {
    title: "Sign in",
    button: "Sign in",
    pending: "Signing in…",
    other: "/signup",
    otherText: "Create an account",
  },
  signup: {
    title: "Create your account",
    button: "Sign up",
    pending: "Creating your account…",
    other: "/signin",
    otherText: "Sign in instead",
  },
} as const;

/**
 * The sign-in or sign-up form (SPEC R-P1): the rules are checked here first
 * (credentials.ts), then Better Auth's client sends it; a refusal shows the server's
 * message next to its field, or under the form.
 */
export function AuthForm({ mode, next, expired }: AuthFormProps) {
  const id = useId();
  const text = copy[mode];
  const [pending, setPending] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    const checked = (mode === "signup" ? signUpSchema : signInSchema).safeParse(data);
    if (!checked.success) {
      const errors: FieldErrors = {};
      for (const issue of checked.error.issues) {
        const field = issue.path[0] as keyof FieldErrors;
        errors[field] ??= issue.message;
      }
      setFieldErrors(errors);
      setFormError(null);
      return;
    }
    setPending(true);
    setFieldErrors({});
    setFormError(null);
    const email = data.email ?? "";
    const password = data.password ?? "";
    const failure = await attempt(() =>
      mode === "signup"
        ? authClient.signUp.email({ name: data.name ?? "", email, password })
        : authClient.signIn.email({ email, password }),
    );
    if (!failure) {
      // Checked again here: the one rule for return paths, whoever passes `next` (SPEC R-P3).
      window.location.assign(safeReturnPath(next));
      return;
    }
    setPending(false);
    if (failure.field) setFieldErrors({ [failure.field]: failure.message });
    else setFormError(failure.message);
  }

  const field = (
    name: keyof FieldErrors,
    label: string,
    input: React.InputHTMLAttributes<HTMLInputElement>,
    hint?: string,
  ) => {
    const error = fieldErrors[name];
    const describedBy = [hint && `${id}-${name}-hint`, error && `${id}-${name}-error`]
      .filter(Boolean)
      .join(" ");
    return (
      <div className="flex flex-col gap-1">
        <label htmlFor={`${id}-${name}`} className="font-medium">
          {label}
        </label>
        <input
          id={`${id}-${name}`}
          name={name}
          className="field"
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy || undefined}
          {...input}
        />
        {hint && (
          <p id={`${id}-${name}-hint`} className="text-sm text-slate-600 dark:text-slate-400">
            {hint}
          </p>
        )}
        {error && (
          <p id={`${id}-${name}-error`} className="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <main className="mx-auto flex min-h-dvh w-full max-w-md flex-col justify-center px-4 py-12">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">{text.title}</h1>
      {expired && (
        <p
          role="status"
          className="mb-4 rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          Your session has expired. Please sign in again.
        </p>
      )}
      <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-busy={pending}>
        {mode === "signup" &&
          field(
            "name",
            "Name",
            { type: "text", autoComplete: "name", maxLength: 100 },
            "Optional.",
          )}
        {field("email", "Email", {
          type: "email",
          autoComplete: "email",
          required: true,
          maxLength: 254,
        })}
        {field(
          "password",
          "Password",
          {
            type: "password",
            autoComplete: mode === "signup" ? "new-password" : "current-password",
            required: true,
          },
          mode === "signup" ? "8 to 128 characters." : undefined,
        )}
        {mode === "signin" && (
          <Link
            className="self-start text-sm font-medium text-blue-700 underline dark:text-blue-300"
            href="/forgot-password"
          >
            Forgot password?
          </Link>
        )}
        {formError && (
          <p role="alert" className="field-error">
            {formError}
          </p>
        )}
        <button type="submit" className="button-primary" disabled={pending}>
          {text.button}
        </button>
        <p role="status" className="sr-only">
          {pending ? text.pending : ""}
        </p>
      </form>
      <p className="mt-6 text-slate-700 dark:text-slate-300">
        <Link
          className="font-medium text-blue-700 underline dark:text-blue-300"
          href={`${text.other}${next !== "/dashboard" ? `?next=${encodeURIComponent(next)}` : ""}`}
        >
          {text.otherText}
        </Link>
      </p>
    </main>
  );
}
