"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { UNREACHABLE } from "@/lib/auth-client";
import { PASSKEY_NAME_MAX } from "@/lib/credential-limits";
import { focusIfLost } from "@/lib/focus";
import { FormAlert, FormField } from "@/lib/form-field";
import { useRecentProof } from "./recent-proof";
import { RemovableItem } from "./removable-item";

export interface PasskeyItem {
  id: string;
  name: string;
  /** When it was added, in words. */
  added: string;
  /** When it last signed the person in, in words, or "Never". */
  lastUsed: string;
}

/** The passkey client, fetched when a ceremony runs (it carries @simplewebauthn/browser). */
const loadClient = () => import("@/features/auth/passkey-client");

type Step = "idle" | "checking" | "naming" | "saving";

/**
 * The person's passkeys on /account (SPEC R-M5): "Add a passkey" (after a recent proof where
 * R-M7 asks: "Confirm your password"), then "Passkey name" and "Save passkey", which runs the
 * browser's ceremony; each listed with when added and last used, and "Remove <name>".
 */
export function AccountPasskeys({ passkeys }: { passkeys: PasskeyItem[] }) {
  const router = useRouter();
  const { run, prompt } = useRecentProof();
  const [step, setStep] = useState<Step>("idle");
  const [nameError, setNameError] = useState<string | undefined>();
  const [removing, setRemoving] = useState(false);
  const [status, setStatus] = useState("");
  const [error, setError] = useState<string | null>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const saveButton = useRef<HTMLButtonElement>(null);

  // A busy button or a removed passkey dropped focus: it goes on from this section (R-P5).
  useEffect(() => {
    if (step === "checking" || step === "saving" || removing) return;
    if (error || status) focusIfLost(step === "naming" ? saveButton.current : addButton.current);
  }, [error, status, step, removing]);

  function begin() {
    setError(null);
    setStatus("");
  }

  /** Asks the server first, so that a stale proof is asked for before the name (R-M7). */
  async function startAdding() {
    begin();
    setStep("checking");
    void loadClient().catch(() => undefined); // early, if it can; saving loads it again
    const answer = await run((client) =>
      client.$fetch("/passkey/generate-register-options", { method: "GET" }),
    );
    if (answer.error) {
      setStep("idle");
      setError(answer.error.message || "Could not start adding a passkey. Please try again.");
      return;
    }
    setStep("naming");
  }

  async function save(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    begin();
    const name = new FormData(event.currentTarget).get("name") ?? "";
    // A module that cannot load (offline) is a server out of reach, not a silent button.
    const rules = await import("@/lib/passkey-name").catch(() => null);
    if (!rules) return setError(UNREACHABLE);
    const checked = rules.passkeyName.safeParse(name);
    if (!checked.success) return setNameError(checked.error.issues[0]?.message);
    setNameError(undefined);
    setStep("saving");
    setStatus("Follow your browser's prompt to create the passkey…");
    const client = await loadClient().catch(() => null);
    if (!client) {
      setStep("naming");
      setStatus("");
      return setError(UNREACHABLE);
    }
    const { passkeyAuth, passkeyFailureMessage } = client;
    const answer = await run(() => passkeyAuth.passkey.addPasskey({ name: checked.data }));
    if (answer.error) {
      setStep("naming");
      setStatus("");
      const message = passkeyFailureMessage(answer.error, "add");
      if (answer.error.code === "VALIDATION_ERROR") return setNameError(message);
      return setError(message);
    }
    setStep("idle");
    setStatus(`Passkey “${checked.data}” saved.`);
    router.refresh();
  }

  async function remove(passkey: PasskeyItem) {
    begin();
    setRemoving(true);
    const answer = await run((client) =>
      client.$fetch("/passkey/delete-passkey", { method: "POST", body: { id: passkey.id } }),
    );
    setRemoving(false);
    if (answer.error) {
      return setError(answer.error.message || "Could not remove the passkey. Please try again.");
    }
    setStatus(`Removed ${passkey.name}.`);
    router.refresh();
  }

  return (
    <div className="flex flex-col gap-4">
      <p>
        A passkey signs you in with your device's PIN, fingerprint or face instead of a password.
      </p>
      {passkeys.length === 0 ? (
        <p className="text-slate-700 dark:text-slate-300">You have no passkeys yet.</p>
      ) : (
        <ul className="flex flex-col gap-3" aria-label="Your passkeys">
          {passkeys.map((passkey) => (
            <RemovableItem
              key={passkey.id}
              name={passkey.name}
              detail={`Added ${passkey.added} · Last used ${passkey.lastUsed}`}
              breakName
              disabled={removing}
              onRemove={() => void remove(passkey)}
            />
          ))}
        </ul>
      )}
      {step === "naming" || step === "saving" ? (
        <form
          method="post"
          noValidate
          onSubmit={save}
          className="flex flex-col gap-3"
          aria-busy={step === "saving"}
        >
          <FormField
            label="Passkey name"
            name="name"
            type="text"
            autoComplete="off"
            maxLength={PASSKEY_NAME_MAX}
            hint="So you can tell your passkeys apart, for example “Laptop”."
            error={nameError}
            required
            autoFocus
          />
          <div className="flex flex-wrap gap-3">
            <button
              ref={saveButton}
              type="submit"
              className="button-primary"
              disabled={step === "saving"}
            >
              Save passkey
            </button>
            <button
              type="button"
              className="button-secondary"
              disabled={step === "saving"}
              onClick={() => setStep("idle")}
            >
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <button
          ref={addButton}
          type="button"
          className="button-secondary self-start"
          disabled={step === "checking"}
          onClick={() => void startAdding()}
        >
          Add a passkey
        </button>
      )}
      {prompt}
      <p role="status" className="text-sm">
        {status}
      </p>
      <FormAlert message={error} />
    </div>
  );
}
