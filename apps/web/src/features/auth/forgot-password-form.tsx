"use client";

import { type FormEvent, useState } from "react";
import { EmailField, FormAlert } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

/** The reset-link form (SPEC R-S4): the same answer whether or not the email has an account. */
export function ForgotPasswordForm() {
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const [status, setStatus] = useState("");

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setStatus("");
    let message = "";
    const sent = await submit({
      schema: () => import("@/lib/credentials").then((rules) => rules.requestPasswordResetSchema),
      input: { email: new FormData(event.currentTarget).get("email") ?? "" },
      call: async ({ email }, client) => {
        const answer = await client.requestPasswordReset({ email });
        message = answer.data?.message ?? "";
        return answer;
      },
    });
    if (sent) setStatus(message);
  }

  return (
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-4">
      <EmailField error={errors.email} />
      <FormAlert message={formError} />
      <button type="submit" className="button-primary" disabled={pending}>
        Send reset link
      </button>
      <p role="status" className="rounded-md">
        {status}
      </p>
    </form>
  );
}
