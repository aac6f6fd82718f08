"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import { attempt, authClient } from "@/lib/auth-client";
import { changePasswordSchema } from "@/lib/credentials";
import { type FieldErrors, fieldErrorsOf, splitFailure } from "@/lib/form-errors";
import { FormField } from "@/lib/form-field";

/**
 * "Current password", "New password", "Change password" (SPEC R-S2). On success every
 * other session has ended and this device goes on in a new session: the API token of the
 * old one is dropped, and the sessions list is read again.
 */
export function AccountPasswordForm() {
  const router = useRouter();
  const { tokens } = useSessionContext();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setStatus("");
    setFormError(null);
    const data = Object.fromEntries(new FormData(form));
    const checked = changePasswordSchema.safeParse(data);
    if (!checked.success) return setErrors(fieldErrorsOf(checked.error));
    setPending(true);
    const failure = await attempt(() =>
      authClient.changePassword({ ...checked.data, revokeOtherSessions: true }),
    );
    setPending(false);
    if (failure) {
      const { fields, form: message } = splitFailure(failure);
      setErrors(fields);
      setFormError(message);
      return;
    }
    setErrors({});
    form.reset();
    tokens.clear();
    setStatus("Password changed. Every other device has been signed out.");
    router.refresh();
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3" aria-busy={pending}>
      <FormField
        label="Current password"
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        error={errors.currentPassword}
      />
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        hint="8 to 128 characters. Every other device will be signed out."
        error={errors.newPassword}
      />
      {formError && (
        <p role="alert" className="field-error">
          {formError}
        </p>
      )}
      <div className="flex flex-wrap items-center gap-3">
        <button type="submit" className="button-primary" disabled={pending}>
          Change password
        </button>
        <p role="status" className="text-sm">
          {status}
        </p>
      </div>
    </form>
  );
}
