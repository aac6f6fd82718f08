"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { messages } from "@/lib/credential-limits";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

const linkClass = "font-medium text-blue-700 underline dark:text-blue-300";

/** The new-password form (SPEC R-S4); success ends every session, so the person signs in. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const [done, setDone] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const newPassword = new FormData(event.currentTarget).get("newPassword") ?? "";
    const reset = await submit({
      schema: () => import("@/lib/credentials").then((rules) => rules.resetPasswordSchema),
      input: { newPassword, token },
      call: (values, client) => client.resetPassword(values),
    });
    setDone(reset);
  }

  if (token === "" || errors.token) {
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
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-4">
      <FormField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="8 to 128 characters."
        error={errors.newPassword}
      />
      <FormAlert message={formError} />
      <button type="submit" className="button-primary" disabled={pending}>
        Reset password
      </button>
    </form>
  );
}
