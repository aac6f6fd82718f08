"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import { FormAlert, FormField, SubmitRow } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

/** Changes the password (SPEC R-S2): other sessions end; this one goes on with a new token. */
export function AccountPasswordForm() {
  const router = useRouter();
  const { tokens } = useSessionContext();
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    setStatus("");
    const changed = await submit({
      schema: () => import("@/lib/credentials").then((rules) => rules.changePasswordSchema),
      input: Object.fromEntries(new FormData(form)),
      call: (values, client) => client.changePassword(values),
    });
    if (!changed) return;
    form.reset();
    tokens.clear();
    setStatus("Password changed. Every other device has been signed out.");
    router.refresh();
  }

  return (
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-3">
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
      <FormAlert message={formError} />
      <SubmitRow label="Change password" pending={pending} status={status} />
    </form>
  );
}
