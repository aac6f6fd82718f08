"use client";

import { useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import { PasswordPrompt } from "./password-prompt";

/** "Delete account" (SPEC R-S8): the password, "Delete my account", then `/`, signed out. */
export function AccountDelete() {
  const { tokens, queryClient } = useSessionContext();
  const [open, setOpen] = useState(false);

  function leave() {
    tokens.clear();
    queryClient.clear();
    window.location.assign("/");
  }

  if (!open) {
    return (
      <button
        type="button"
        className="button-secondary self-start text-red-700 dark:text-red-300"
        aria-expanded={false}
        onClick={() => setOpen(true)}
      >
        Delete account
      </button>
    );
  }
  return (
    <PasswordPrompt
      intro={
        <p className="text-slate-800 dark:text-slate-200">
          This deletes your account, every session and all your tasks at once. It cannot be undone.
          Enter your password to confirm.
        </p>
      }
      label="Password"
      submitLabel="Delete my account"
      submitClassName="button-primary bg-red-700 hover:bg-red-800"
      schema={() => import("@/lib/credentials").then((rules) => rules.deleteUserSchema)}
      call={({ password }, client) => client.deleteUser({ password })}
      leaving
      onSuccess={leave}
      onCancel={() => setOpen(false)}
    />
  );
}
