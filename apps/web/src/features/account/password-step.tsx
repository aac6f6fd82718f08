"use client";

import type { FormEvent } from "react";
import { twoFactorWords } from "@/features/auth/two-factor-codes";
import { reauthenticateSchema } from "@/lib/credentials";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

type PasswordCall = (
  password: string,
) => Promise<{ error: { code?: string; message?: string } | null }>;

interface Props {
  /** What the password is for, in a sentence. */
  intro: string;
  submitLabel: string;
  /** One twoFactor call that takes the password in its body (SPEC R-M7: the proof itself). */
  call: PasswordCall;
  onCancel: () => void;
}

/** Asks "Password" before a two-step change (SPEC R-M1, R-M7); a wrong one shows on the field. */
export function PasswordStep({ intro, submitLabel, call, onCancel }: Props) {
  const { pending, errors, formError, submit } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    await submit({
      schema: reauthenticateSchema,
      input: { password: new FormData(event.currentTarget).get("password") ?? "" },
      call: async ({ password }) => {
        const { error } = await call(password);
        return { error: error && twoFactorWords(error) };
      },
    });
  }

  return (
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3" aria-busy={pending}>
      <p>{intro}</p>
      <FormField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        autoFocus
      />
      <FormAlert message={formError} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="button-primary" disabled={pending}>
          {submitLabel}
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
