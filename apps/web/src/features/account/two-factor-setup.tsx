"use client";

import Image from "next/image";
import { type FormEvent, useEffect, useRef } from "react";
import { readableSecret, twoFactorWords } from "@/features/auth/two-factor-words";
import { FormAlert, FormField } from "@/lib/form-field";
import { useAuthSubmit } from "@/lib/use-auth-submit";

interface Props {
  totpURI: string;
  /** The QR code of `totpURI`, an SVG document made in this browser; null if it could not load. */
  qrSvg: string | null;
  onTurnedOn: () => void;
  onCancel: () => void;
}

/**
 * The authenticator app step (SPEC R-M1): the QR code and the secret as text, then a
 * "Verification code" that must be right before two-step verification is on.
 */
export function TwoFactorSetup({ totpURI, qrSvg, onTurnedOn, onCancel }: Props) {
  const { pending, errors, formError, submit, formProps } = useAuthSubmit();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const turnedOn = await submit({
      schema: () =>
        import("@/features/auth/two-factor-codes").then((codes) => codes.totpCodeSchema),
      input: { code: new FormData(event.currentTarget).get("code") ?? "" },
      call: async ({ code }, client) => {
        const { error } = await client.twoFactor.verifyTotp({ code });
        return { error: error && twoFactorWords(error) };
      },
    });
    if (turnedOn) onTurnedOn();
  }

  return (
    <form {...formProps} onSubmit={onSubmit} className="flex flex-col gap-3">
      <h3 ref={heading} tabIndex={-1} className="text-lg font-semibold">
        Scan this QR code with your authenticator app
      </h3>
      {qrSvg ? (
        <Image
          unoptimized
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(qrSvg)}`}
          alt="QR code for your authenticator app"
          width={200}
          height={200}
          className="rounded-md border border-slate-200 dark:border-slate-700"
        />
      ) : (
        <p role="alert" className="field-error">
          The QR code could not be loaded. Enter the key below in your app instead.
        </p>
      )}
      <p>Cannot scan it? Enter this key in the app instead:</p>
      <code className="self-start rounded bg-slate-100 px-2 py-1 font-mono tracking-wide dark:bg-slate-800">
        {readableSecret(totpURI)}
      </code>
      <FormField
        label="Verification code"
        name="code"
        type="text"
        inputMode="numeric"
        autoComplete="one-time-code"
        maxLength={12}
        hint="The 6-digit code the app shows after adding the account."
        error={errors.code}
      />
      <FormAlert message={formError} />
      <div className="flex flex-wrap gap-3">
        <button type="submit" className="button-primary" disabled={pending}>
          Turn on
        </button>
        <button type="button" className="button-secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
