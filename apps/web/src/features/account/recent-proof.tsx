"use client";

import { type ReactNode, useCallback, useRef, useState } from "react";
import { type AuthClient, loadAuthClient, UNREACHABLE } from "@/lib/auth-client";
import { PasswordPrompt } from "./password-prompt";

type AuthCall<R> = (
  client: AuthClient,
) => Promise<R & { error: { code?: string; message?: string } | null }>;

/** Better Auth's answer when a change needs the password given again (recent-proof.ts). */
const REAUTHENTICATION_REQUIRED = "REAUTHENTICATION_REQUIRED";

/**
 * Runs sensitive changes behind a recent proof (R-M7). `run(call)` makes the auth call with the
 * client (loaded on first use); when the server answers REAUTHENTICATION_REQUIRED it shows
 * `prompt` ("Confirm your password", "Confirm"), and once confirmed makes the call again and
 * resolves with that answer (or the first, if the person cancels); a call that throws or a
 * client that cannot load (no answer) resolves with an error saying so. Render `prompt` where
 * the change's controls are.
 */
export function useRecentProof() {
  const [asking, setAsking] = useState(false);
  const settle = useRef<((confirmed: boolean) => void) | null>(null);

  const run = useCallback(async <R,>(call: AuthCall<R>) => {
    // A call that gets no answer (offline) is an error like any other, never a stuck form.
    const answer = (): ReturnType<AuthCall<R>> =>
      loadAuthClient()
        .then(call)
        .catch(() => ({ error: { message: UNREACHABLE } }) as Awaited<ReturnType<AuthCall<R>>>);
    const first = await answer();
    if (first.error?.code !== REAUTHENTICATION_REQUIRED) return first;
    const confirmed = await new Promise<boolean>((resolve) => {
      settle.current = resolve;
      setAsking(true);
    });
    return confirmed ? answer() : first;
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
  return (
    <PasswordPrompt
      className="flex flex-col gap-3 rounded-md border border-slate-300 p-3 dark:border-slate-700"
      intro={<p>For your safety, give your password again to make this change.</p>}
      label="Confirm your password"
      submitLabel="Confirm"
      schema={() => import("@/lib/credentials").then((rules) => rules.reauthenticateSchema)}
      call={({ password }, client) =>
        client.$fetch("/reauthenticate", { method: "POST", body: { password } })
      }
      onSuccess={() => onDone(true)}
      onCancel={() => onDone(false)}
    />
  );
}
