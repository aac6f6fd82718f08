"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { attempt, authClient } from "@/lib/auth-client";
import { messages, resetPasswordSchema } from "@/lib/credentials";
import { type FieldErrors, fieldErrorsOf } from "@/lib/form-errors";
import { FormField } from "@/lib/form-field";

const linkClass = "font-medium text-blue-700 underline dark:text-blue-300";

/**
 * "New password" and "Reset password" (SPEC R-S4), for the token of the mailed link. On
 * success every session has ended and nobody is signed in: the person signs in anew.
 */
export function ResetPasswordForm({ token }: { token: string }) {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [linkDead, setLinkDead] = useState(token === "");
  const [formError, setFormError] = useState<string | null>(null);
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setFormError(null);
    const newPassword = new FormData(event.currentTarget).get("newPassword") ?? "";
    const checked = resetPasswordSchema.safeParse({ newPassword, token });
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error));
    setPending(true);
    const failure = await attempt(() => authClient.resetPassword(checked.data));
    setPending(false);
    if (!failure) return setDone(true);
    if (failure.field === "token") return setLinkDead(true);
    if (failure.field) setErrors({ [failure.field]: failure.message });
    else setFormError(failure.message);
  }

  if (linkDead) {
    return (
      <div className="flex flex-col gap-4">
        <p role="alert" className="field-error text-base">
          {messages.resetLinkUsed}
        </p>
        <Link className={linkClass} href="/forgot-password">
          Ask for a new link
        </Link>
      </div>
    );
  }
  if (done) {
    return (
      <div className="flex flex-col gap-4">
        <p role="status">Your password has been reset, and every device signed out.</p>
        <Link className="button-primary self-start" href="/signin">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-busy={pending}>
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="8 to 128 characters."
        error={errors.newPassword}
      />
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={pending}>
        Reset password
      </button>
    </form>
  );
}
