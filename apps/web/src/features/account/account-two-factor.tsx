"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useSessionContext } from "@/features/auth/session-provider";
import type { AuthClient } from "@/lib/auth-client";
import { PasswordStep } from "./password-step";
import { RecoveryCodes } from "./recovery-codes";
import { TwoFactorSetup } from "./two-factor-setup";

type Stage =
  | { kind: "idle" }
  | { kind: "password"; action: "setup" | "disable" | "codes" }
  | { kind: "setup"; totpURI: string; qrSvg: string | null; codes: string[] }
  | { kind: "codes"; codes: string[] };

interface Props {
  /** The session's `user.twoFactorEnabled`. */
  enabled: boolean;
  /** The page was opened with `?setup=two-factor` (AUTH_REQUIRE_MFA sends people there). */
  askedToSetUp: boolean;
}

/**
 * "Two-step verification" on /account (SPEC R-M1, R-M8): set up an authenticator app, turn it
 * off, make new recovery codes. The QR code library is loaded only when setup starts.
 */
export function AccountTwoFactor({ enabled, askedToSetUp }: Props) {
  const router = useRouter();
  const { tokens, user } = useSessionContext();
  const [stage, setStage] = useState<Stage>({ kind: "idle" });
  const [status, setStatus] = useState("");
  const setupButton = useRef<HTMLButtonElement>(null);
  const qrLibrary = useRef<Promise<typeof import("uqr")> | null>(null);
  const idle = () => setStage({ kind: "idle" });

  useEffect(() => {
    if (askedToSetUp && !enabled) setupButton.current?.focus();
  }, [askedToSetUp, enabled]);

  /** The session changed (a new one replaces it): its API token and the page are read again. */
  function sessionChanged(message: string) {
    tokens.clear();
    setStatus(message);
    router.refresh();
  }

  function startSetup() {
    setStatus("");
    qrLibrary.current ??= import("uqr");
    setStage({ kind: "password", action: "setup" });
  }

  async function enable(password: string, client: AuthClient) {
    const { data, error } = await client.twoFactor.enable({ password });
    if (error || data.method !== "totp")
      return { error: error ?? { message: "Could not set up." } };
    let qrSvg: string | null = null;
    try {
      qrLibrary.current ??= import("uqr");
      qrSvg = (await qrLibrary.current).renderSVG(data.totpURI, { border: 2 });
    } catch {
      qrLibrary.current = null; // the key as text still works; the next setup tries again
    }
    setStage({ kind: "setup", totpURI: data.totpURI, qrSvg, codes: data.backupCodes });
    return { error: null };
  }

  async function newCodes(password: string, client: AuthClient) {
    const { data, error } = await client.twoFactor.generateBackupCodes({ password });
    if (data) setStage({ kind: "codes", codes: data.backupCodes });
    return { error };
  }

  async function disable(password: string, client: AuthClient) {
    const { error } = await client.twoFactor.disable({ password });
    if (error) return { error };
    idle();
    sessionChanged("Two-step verification is off.");
    return { error: null };
  }

  const steps = {
    setup: {
      intro: "Enter your password to set up an authenticator app.",
      label: "Continue",
      call: enable,
    },
    disable: {
      intro: "Enter your password to turn off two-step verification.",
      label: "Turn off",
      call: disable,
    },
    codes: {
      intro: "Enter your password to make new recovery codes. The old ones stop working.",
      label: "Make new codes",
      call: newCodes,
    },
  };

  return (
    <div className="flex flex-col gap-4">
      {askedToSetUp && !enabled && (
        <p
          role="status"
          className="rounded-md border border-amber-400 bg-amber-50 p-3 text-amber-900 dark:bg-amber-950 dark:text-amber-100"
        >
          This service asks everyone to use two-step verification. Set up an authenticator app to go
          on.
        </p>
      )}
      <p>
        {enabled
          ? "Two-step verification is on: signing in asks for a code from your authenticator app."
          : "Two-step verification is off. With it on, signing in also asks for a code from an authenticator app on your phone."}
      </p>
      {stage.kind === "idle" &&
        (enabled ? (
          <div className="flex flex-wrap gap-3">
            <button
              type="button"
              className="button-secondary"
              onClick={() => setStage({ kind: "password", action: "codes" })}
            >
              New recovery codes
            </button>
            <button
              type="button"
              className="button-secondary"
              onClick={() => setStage({ kind: "password", action: "disable" })}
            >
              Turn off two-step verification
            </button>
          </div>
        ) : (
          <button
            ref={setupButton}
            type="button"
            className="button-primary self-start"
            onClick={startSetup}
          >
            Set up authenticator app
          </button>
        ))}
      {stage.kind === "password" && (
        <PasswordStep
          key={stage.action}
          intro={steps[stage.action].intro}
          submitLabel={steps[stage.action].label}
          call={steps[stage.action].call}
          onCancel={idle}
        />
      )}
      {stage.kind === "setup" && (
        <TwoFactorSetup
          totpURI={stage.totpURI}
          qrSvg={stage.qrSvg}
          onTurnedOn={() => {
            setStage({ kind: "codes", codes: stage.codes });
            sessionChanged("Two-step verification is on.");
          }}
          onCancel={idle}
        />
      )}
      {stage.kind === "codes" && (
        <RecoveryCodes codes={stage.codes} email={user.email} onDone={idle} />
      )}
      <p role="status" className="text-sm">
        {status}
      </p>
    </div>
  );
}
