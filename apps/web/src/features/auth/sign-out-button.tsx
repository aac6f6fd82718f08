"use client";

import { useState } from "react";
import { attempt } from "@/lib/auth-client";
import { useSessionContext } from "./session-provider";

/** Signs out (SPEC R-A7), drops the API token and cached tasks, and goes to sign in. */
export function SignOutButton() {
  const { tokens, queryClient } = useSessionContext();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    const failure = await attempt((client) => client.signOut());
    if (failure) {
      setPending(false);
      setError(failure.message);
      return;
    }
    tokens.clear();
    queryClient.clear();
    window.location.assign("/signin");
  }

  return (
    <>
      <button type="button" className="button-secondary" onClick={onClick} disabled={pending}>
        Sign out
      </button>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
    </>
  );
}
