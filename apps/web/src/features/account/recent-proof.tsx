"use client";

import { type FormEvent, type ReactNode, useCallback, useRef, useState } from "react";
import { authClient } from "@/lib/auth-client";
import { reauthenticateSchema } from "@/lib/credentials";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

type AuthCall<R> = () => Promise<R & { error: { code?: string; message?: string } | null }>;

/** Better Auth's answer when a change needs the password given again (recent-proof.ts). */
const REAUTHENTICATION_REQUIRED = "REAUTHENTICATION_REQUIRED";

/**
 * Runs sensitive changes behind a recent proof (R-M7). `run(call)` makes the auth call; when the
 * server answers REAUTHENTICATION_REQUIRED it shows `prompt` ("Confirm your password", "Confirm"),
 * and once confirmed makes the call again and resolves with that answer (or the first, if the
 * person cancels). Render `prompt` where the change's controls are.
 */
export function useRecentProof() {
  const [asking, setAsking] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  const run = useCallback(async <R,>(call: AuthCall<R>) => {
    const first = await call();
    if (first.error?.code !== REAUTHENTICATION_REQUIRED) return first;
    const confirmed = await new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setAsking(true);
    });
    return confirmed ? call() : first;
  }, []);

  const finish = (confirmed: boolean) => {
    setAsking(false);
    settle.current?.(confirmed);
    settle.current = null;
  };
  const prompt: ReactNode = asking ? <ConfirmPassword onDone={finish} /> : null;
  return { run, prompt };
}

/** The recent-password prompt (DESIGN's UI contract: "Confirm your password", "Confirm"). */
function ConfirmPassword({ onDone }: { onDone: (confirmed: boolean) => void }) {
  const { pending, errors, formError, submit } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    event.stopPropagation();
    const confirmed = await submit({
      schema: reauthenticateSchema,
      input: { password: new FormData(event.currentTarget).get("password") ?? "" },
      call: ({ password }) =>
        authClient.$fetch("/reauthenticate", { method: "POST", body: { password } }),
    });
    if (confirmed) onDone(true);
  }

  return (
    <form
      noValidate
      onSubmit={onSubmit}
      aria-busy={pending}
      className="flex flex-col gap-3 rounded-md border border-slate-300 p-3 dark:border-slate-700"
    >
      <p>For your safety, give your password again to make this change.</p>
      <FormField
        label="Confirm your password"
        name="password"
        type="password"
        autoComplete="current-password"
        error={errors.password}
        autoFocus
      />
      <FormAlert message={formError} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="button-primary" disabled={pending}>
          Confirm
        </button>
        <button type="button" className="button-secondary" onClick={() => onDone(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
