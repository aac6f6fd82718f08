"use client";

import { useEffect, useRef, useState } from "react";
import type { z } from "zod";
import { type AuthClient, attempt, preloadAuthClient, UNREACHABLE } from "./auth-client.ts";
import { focusIfLost } from "./focus.ts";
import { type FieldErrors, fieldErrorsOf, splitFailure } from "./form-errors.ts";

/**
 * A schema, or a function that imports one: the sign-in and reset forms load zod and their
 * rules on the first submit rather than with the page (docs/benchmarks.md, "Beside the floor").
 */
export type SchemaSource<T> = z.ZodType<T> | (() => Promise<z.ZodType<T>>);

interface Submission<T> {
  schema: SchemaSource<T>;
  /** The form's values, checked by `schema` before anything is sent. */
  input: unknown;
  /** The one Better Auth call, with its client (loaded on first use: see `attempt`). */
  call: (values: T, client: AuthClient) => Promise<{ error: { message?: string } | null }>;
  /** The page moves on after success: the form stays busy until it has. */
  leaving?: boolean;
}

/** An account form's submission (SPEC R-P1): checked here, then one Better Auth call. */
export function useAuthSubmit() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const form = useRef<HTMLFormElement>(null);
  /** Answers the form has had (refusals and successes): each moves focus as below. */
  const [answers, setAnswers] = useState(0);

  // After a refusal, the keyboard goes on from the first field it names (SPEC R-P5); when it
  // names none, or after a success, and focus was lost with the busy button, from the button.
  useEffect(() => {
    if (answers === 0 || !form.current) return;
    const field = form.current.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (field) return field.focus();
    focusIfLost(form.current.querySelector<HTMLElement>('[type="submit"]'));
  }, [answers]);

  async function submit<T>({ schema, input, call, leaving }: Submission<T>): Promise<boolean> {
    setFormError(null);
    preloadAuthClient(); // beside the rules, when no focus fetched it already
    const rules = typeof schema === "function" ? await schema().catch(() => null) : schema;
    // Offline before the first submit: the rules never loaded; the next submit loads them.
    if (!rules) {
      setFormError(UNREACHABLE);
      setAnswers((n) => n + 1);
      return false;
    }
    const checked = rules.safeParse(input);
    if (!checked.success) {
      setErrors(fieldErrorsOf(checked.error));
      setAnswers((n) => n + 1);
      return false;
    }
    setPending(true);
    setErrors({});
    const failure = await attempt((client) => call(checked.data, client));
    if (failure || !leaving) setPending(false);
    if (!failure) {
      if (!leaving) setAnswers((n) => n + 1);
      return true;
    }
    const { fields, form: message } = splitFailure(failure);
    setErrors(fields);
    setFormError(message);
    setAnswers((n) => n + 1);
    return false;
  }

  /**
   * The form element's own props: no browser validation, the client fetched on focus, busy;
   * `post`, so a submit before the page's script runs never puts a password in the URL.
   */
  const formProps = {
    ref: form,
    method: "post",
    noValidate: true,
    onFocus: preloadAuthClient,
    "aria-busy": pending,
  };
  return { pending, errors, formError, submit, formProps };
}
