"use client";

import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";
import { safeReturnPath } from "./safe-path";
import { twoFactorWords } from "./two-factor-words";

/** Whether a password sign-in's answer asks for the second step (Better Auth's twoFactor). */
export function needsSecondStep(data: unknown): boolean {
  return typeof data === "object" && data !== null && "twoFactorRedirect" in data;
}

/** How many recovery codes the answer says are left, when it says. */
function codesLeftOf(data: unknown): number | undefined {
  const left = (data as { recoveryCodesLeft?: unknown } | null)?.recoveryCodesLeft;
  return typeof left === "number" ? left : undefined;
}

interface Props {
  /** Where to go after success: already checked to be a path on this site. */
  next: string;
}

const RECOVERY_FRAGMENT = "#recovery-code";
const atRecoveryFragment = () =>
  typeof window !== "undefined" && window.location.hash === RECOVERY_FRAGMENT;

/**
 * The second step of a password sign-in (SPEC R-M2, R-M3): a code from the authenticator app or
 * a recovery code, and "Trust this device for 30 days". Success goes where sign-in goes (R-P3).
 */
export function SecondStepForm({ next }: Props) {
  const [recovery, setRecovery] = useState(atRecoveryFragment);
  const [restart, setRestart] = useState(false);
  const [codesLeft, setCodesLeft] = useState<number>();
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const onward = useRef<HTMLAnchorElement>(null);
  const destination = safeReturnPath(next);

  useEffect(() => {
    if (codesLeft !== undefined) onward.current?.focus();
  }, [codesLeft]);

  // "Use a recovery code" is a link within the page (DESIGN's UI contract): its fragment picks the field.
  useEffect(() => {
    const follow = () => setRecovery(atRecoveryFragment());
    window.addEventListener("hashchange", follow);
    return () => window.removeEventListener("hashchange", follow);
  }, []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const trustDevice = form.get("trustDevice") === "on";
    let left: number | undefined;
    const verified = await submit({
      schema: () =>
        import("./two-factor-codes").then((codes) =>
          recovery ? codes.recoveryCodeSchema : codes.totpCodeSchema,
        ),
      input: { code: form.get("code") ?? "" },
      call: async ({ code }, client) => {
        const { data, error } = recovery
          ? await client.twoFactor.verifyBackupCode({ code, trustDevice })
          : await client.twoFactor.verifyTotp({ code, trustDevice });
        if (!error) left = codesLeftOf(data);
        if (!error) return { error: null };
        const words = twoFactorWords(error);
        setRestart(words.restart === true);
        return { error: { message: words.message } };
      },
      leaving: true,
    });
    if (!verified) return;
    // Recovery codes are running out: say so before going on (R-M3).
    if (left !== undefined) return setCodesLeft(left);
    window.location.assign(destination);
  }

  const page = (children: ReactNode) => (
    <main className="form-page">
      <h1 className="mb-6 text-3xl font-bold tracking-tight">Two-step verification</h1>
      {children}
    </main>
  );

  if (codesLeft !== undefined) {
    return page(
      <div className="flex flex-col gap-4">
        <p role="status">
          Signed in with a recovery code. You have {codesLeft} recovery{" "}
          {codesLeft === 1 ? "code" : "codes"} left
          {codesLeft <= 3 ? ": make new ones on your account page." : "."}
        </p>
        <a ref={onward} href={destination} className="button-primary self-start">
          Continue
        </a>
      </div>,
    );
  }

  return page(
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-4">
      <p>
        {recovery
          ? "Enter one of the recovery codes you saved when you set up two-step verification."
          : "Enter the 6-digit code from your authenticator app."}
      </p>
      {recovery ? (
        <FormField
          key="recovery"
          label="Recovery code"
          name="code"
          type="text"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          maxLength={200}
          error={errors.code}
          autoFocus
        />
      ) : (
        <FormField
          key="totp"
          label="Verification code"
          name="code"
          type="text"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={12}
          error={errors.code}
          autoFocus
        />
      )}
      <label className="flex items-center gap-2">
        <input type="checkbox" name="trustDevice" className="size-4" />
        Trust this device for 30 days
      </label>
      <FormAlert message={formError} />
      {restart ? (
        <button type="button" className="button-primary" onClick={() => window.location.reload()}>
          Start again
        </button>
      ) : (
        <button type="submit" className="button-primary" disabled={pending}>
          Verify
        </button>
      )}
      <a
        href={recovery ? "#verification-code" : RECOVERY_FRAGMENT}
        className="self-start text-sm font-medium text-blue-700 underline dark:text-blue-300"
      >
        {recovery ? "Use your authenticator app" : "Use a recovery code"}
      </a>
      <p role="status" className="sr-only">
        {pending ? "Checking the code…" : ""}
      </p>
    </form>,
  );
}
