"use client";

import { type FormEvent, useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import { authClient } from "@/lib/auth-client";
import { deleteUserSchema } from "@/lib/credentials";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

/** "Delete account" (SPEC R-S8): the password, "Delete my account", then `/`, signed out. */
export function AccountDelete() {
  const { tokens, queryClient } = useSessionContext();
  const [open, setOpen] = useState(false);
  const { pending, errors, formError, submit } = useAuthSubmit();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const deleted = await submit({
      schema: deleteUserSchema,
      input: { password: new FormData(event.currentTarget).get("password") ?? "" },
      call: ({ password }) => authClient.deleteUser({ password }),
      leaving: true,
    });
    if (!deleted) return;
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
    <form noValidate onSubmit={onSubmit} className="flex flex-col gap-3" aria-busy={pending}>
      <p className="text-slate-800 dark:text-slate-200">
        This deletes your account, every session and all your tasks at once. It cannot be undone.
        Enter your password to confirm.
      </p>
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
        <button
          type="submit"
          className="button-primary bg-red-700 hover:bg-red-800"
          disabled={pending}
        >
          Delete my account
        </button>
        <button type="button" className="button-secondary" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
