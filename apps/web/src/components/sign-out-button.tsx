"use client";

import { useState } from "react";
import { signOut } from "@/lib/auth-requests";
import { useSessionContext } from "./session-provider";

export function SignOutButton() {
  const { tokens, queryClient } = useSessionContext();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onClick() {
    setPending(true);
    const failure = await signOut();
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
