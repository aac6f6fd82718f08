"use client";

import { twoFactorWords } from "@/features/auth/two-factor-words";
import type { AuthClient } from "@/lib/auth-client";
import { PasswordPrompt } from "./password-prompt";

type PasswordCall = (
  password: string,
  client: AuthClient,
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
  return (
    <PasswordPrompt
      intro={<p>{intro}</p>}
      label="Password"
      submitLabel={submitLabel}
      schema={() => import("@/lib/credentials").then((rules) => rules.reauthenticateSchema)}
      call={async ({ password }, client) => {
        const { error } = await call(password, client);
        return { error: error && twoFactorWords(error) };
      }}
      onCancel={onCancel}
    />
  );
}
