"use client";

import { type FormEvent, useState } from "react";
import { attempt, authClient } from "@/lib/auth-client";
import { requestPasswordResetSchema } from "@/lib/credentials";
import { type FieldErrors, fieldErrorsOf, splitFailure } from "@/lib/form-errors";
import { FormField } from "@/lib/form-field";

/**
 * "Email" and "Send reset link" (SPEC R-S4). The answer is the same whether or not the
 * email has an account, and so is what this form shows.
 */
export function ForgotPasswordForm() {
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    setFormError(null);
    const checked = requestPasswordResetSchema.safeParse({
      email: new FormData(event.currentTarget).get("email") ?? "",
    });
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error));
    setPending(true);
    setErrors({});
    let message = "";
    const failure = await attempt(async () => {
      const answer = await authClient.requestPasswordReset({ email: checked.data.email });
      message = answer.data?.message ?? "";
      return answer;
    });
    setPending(false);
    if (failure) {
      const split = splitFailure(failure);
      setErrors(split.fields);
      setFormError(split.form);
      return;
    }
    setStatus(message);
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-4" aria-busy={pending}>
      <FormField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        maxLength={254}
        error={errors.email}
      />
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <button type="submit" className="button-primary" disabled={pending}>
        Send reset link
      </button>
      <p role="status" className="rounded-md">
        {status}
      </p>
    </form>
  );
}
