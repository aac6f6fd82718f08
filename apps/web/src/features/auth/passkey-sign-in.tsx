"use client";

import { useEffect, useRef, useState } from "react";
import { UNREACHABLE } from "@/lib/auth-client";
import { focusIfLost } from "@/lib/focus";
import { FormAlert } from "@/lib/form-field";
import { safeReturnPath } from "./safe-path";

type Client = typeof import("./passkey-client");

/** The passkey client, fetched on first use (it carries @simplewebauthn/browser). */
const loadClient = (): Promise<Client> => import("./passkey-client");

/** Runs `task` once the page is idle after hydration, so autofill costs the first load nothing. */
function whenIdle(task: () => void): () => void {
  if ("requestIdleCallback" in window) {
    const handle = window.requestIdleCallback(task, { timeout: 2000 });
    return () => window.cancelIdleCallback(handle);
  }
  const handle = setTimeout(task, 200);
  return () => clearTimeout(handle);
}

async function autofillAvailable(): Promise<boolean> {
  try {
    return (await window.PublicKeyCredential?.isConditionalMediationAvailable?.()) === true;
  } catch {
    return false;
  }
}

interface View {
  next: string;
  setPending: (pending: boolean) => void;
  setStatus: (status: string) => void;
  setError: (error: string | null) => void;
  mounted: { current: boolean };
  /** The button's ceremony is under way: an autofill started now would abort it. */
  modal: { current: boolean };
}

/** One ceremony: the button's (modal) or the email field's autofill (conditional). */
async function signInWithPasskey(autoFill: boolean, view: View): Promise<void> {
  const client = await loadClient().catch(() => null);
  // Offline before the client loaded: the button says so; a background autofill stays quiet.
  if (!client) {
    if (!autoFill && view.mounted.current) view.setError(UNREACHABLE);
    return;
  }
  const { passkeyAuth, passkeyFailureMessage } = client;
  if (autoFill && view.modal.current) return;
  if (!autoFill) {
    view.modal.current = true;
    view.setPending(true);
    view.setError(null);
    view.setStatus("Waiting for your passkey…");
  }
  // Set when the server is asked to verify an assertion: the person chose a passkey.
  let chosen = false;
  const fetchOptions = {
    onRequest: () => {
      chosen = true;
    },
  };
  let answer: Awaited<ReturnType<typeof passkeyAuth.signIn.passkey>>;
  try {
    answer = await passkeyAuth.signIn.passkey({ autoFill, fetchOptions });
  } catch {
    answer = { data: null, error: { message: "", status: 0, statusText: "" } };
  }
  if (!autoFill) view.modal.current = false;
  if (!view.mounted.current) return;
  if (!answer.error) {
    view.setStatus("Signed in. Opening your tasks…");
    window.location.assign(safeReturnPath(view.next));
    return;
  }
  // The autofill runs in the background: it speaks only when the server was asked to verify
  // the passkey the person chose. A failure before that (its challenge, the browser's wait
  // ended by the button's ceremony or dismissed) is not told: the button is there to try.
  if (autoFill && !chosen) return;
  view.setPending(false);
  view.setStatus("");
  view.setError(passkeyFailureMessage(answer.error, "signIn"));
  // Offer the passkeys in the email field's autofill again.
  if (!autoFill) void offerAutofill(view);
}

async function offerAutofill(view: View): Promise<void> {
  if (await autofillAvailable()) await signInWithPasskey(true, view);
}

/**
 * "Sign in with a passkey" on /signin (SPEC R-M5), and the passkeys the browser offers in the
 * email field's autofill (`autocomplete="username webauthn"`): either way, on to `next` (R-P3).
 */
export function PasskeySignIn({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const mounted = useRef(true);
  const modal = useRef(false);
  const button = useRef<HTMLButtonElement>(null);
  const view: View = { next, setPending, setStatus, setError, mounted, modal };

  // The busy button dropped focus: a refusal puts it back there, to try again (SPEC R-P5).
  useEffect(() => {
    if (error && !pending) focusIfLost(button.current);
  }, [error, pending]);

  useEffect(() => {
    mounted.current = true;
    const cancel = whenIdle(
      () => void offerAutofill({ next, setPending, setStatus, setError, mounted, modal }),
    );
    return () => {
      mounted.current = false;
      cancel();
    };
  }, [next]);

  return (
    <div className="mt-4 flex flex-col gap-3">
      <button
        ref={button}
        type="button"
        className="button-secondary"
        disabled={pending}
        onClick={() => void signInWithPasskey(false, view)}
      >
        Sign in with a passkey
      </button>
      <p role="status" className="sr-only">
        {status}
      </p>
      <FormAlert message={error} />
    </div>
  );
}
