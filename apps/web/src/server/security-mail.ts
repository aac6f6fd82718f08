import "server-only";
import { describeError } from "@tasks/service/logger";
import { webConfig } from "../env.ts";
import { deviceName } from "./device-name.ts";
import { logger } from "./logger.ts";
import { escapeHtml, mailDelivery, mailTime, sendMail } from "./mail.ts";

/** The changes R-M10 tells the person about by mail (the lockout mail is second-step.ts's). */
export type SecurityMailKind =
  | "new-device-sign-in"
  | "password-changed"
  | "password-reset"
  | "two-factor-disabled"
  | "recovery-code-used"
  | "passkey-added";

const WHAT: Record<SecurityMailKind, { subject: string; happened: string }> = {
  "new-device-sign-in": {
    subject: "New sign-in to your Tasks account",
    happened: "Someone signed in to your Tasks account from a device not seen before.",
  },
  "password-changed": {
    subject: "Your Tasks password was changed",
    happened: "The password of your Tasks account was changed.",
  },
  "password-reset": {
    subject: "Your Tasks password was reset",
    happened: "The password of your Tasks account was reset with a link sent to this address.",
  },
  "two-factor-disabled": {
    subject: "Two-step verification was turned off",
    happened: "Two-step verification was turned off for your Tasks account.",
  },
  "recovery-code-used": {
    subject: "A recovery code was used",
    happened: "A recovery code was used to sign in to your Tasks account.",
  },
  "passkey-added": {
    subject: "A passkey was added to your Tasks account",
    happened: "A passkey was added to your Tasks account. It can sign in without the password.",
  },
};

/** What to do if it was not them; a changed or reset password means more than a new device. */
const IF_NOT: Partial<Record<SecurityMailKind | "default", string>> & { default: string } = {
  "password-changed":
    "If this was not you, someone else knows your password: set a new one right away " +
    '(on the sign-in page, "Forgot password?"), then check the signed-in devices at:',
  "password-reset":
    "If this was not you, someone can read your mail: secure your email account first, then " +
    'set a new password (on the sign-in page, "Forgot password?") and check the signed-in devices at:',
  // A passkey added by someone else outlives a new password: it goes first.
  "passkey-added":
    "If this was not you, remove that passkey right away, then change your password and " +
    "check the signed-in devices, at:",
  default:
    "If this was not you, change your password right away and check the signed-in devices at:",
};

export interface SecurityMail {
  to: string;
  kind: SecurityMailKind;
  at: Date;
  /** The agent of the request; only its Bowser name is written (device-name.ts). */
  userAgent: string | null | undefined;
  ipAddress: string | null | undefined;
  /** Recovery codes left, for "recovery-code-used". */
  left?: number;
}

/**
 * The mail of one security change (SPEC R-M10): what, when (UTC), from which device and
 * address, and what to do if it was not them. Its only link is WEB_URL/account: never a
 * code, token or link that signs anyone in, and no text the person's attacker chose.
 */
export function securityMail({ to, kind, at, userAgent, ipAddress, left }: SecurityMail) {
  const account = `${webConfig().webUrl}/account`;
  const { subject, happened } = WHAT[kind];
  const device = deviceName(userAgent);
  const from = ipAddress ? `${device}, address ${ipAddress}` : device;
  const facts = [
    `When: ${mailTime(at)}`,
    `Device: ${from}`,
    ...(left === undefined ? [] : [`Recovery codes left: ${left}`]),
  ];
  const ifNot = IF_NOT[kind] ?? IF_NOT.default;
  const text = [
    happened,
    "",
    ...facts,
    "",
    "If this was you, there is nothing to do.",
    ifNot,
    account,
  ].join("\n");
  const html = `<p>${escapeHtml(happened)}</p>
<p>${facts.map(escapeHtml).join("<br>")}</p>
<p>If this was you, there is nothing to do.</p>
<p>${escapeHtml(ifNot)} <a href="${escapeHtml(account)}">${escapeHtml(account)}</a></p>`;
  return { to, subject, text, html };
}

/**
 * Sends the mail of one security change (R-M10). Never throws: a failure is logged without
 * the address, and the change it tells of stands. Where mail is not available (production
 * without SMTP_URL, R-S5) nothing is sent and nothing logged: each sign-in would log it.
 */
export async function sendSecurityMail(mail: SecurityMail): Promise<void> {
  if (mailDelivery() === "unavailable") return;
  try {
    await sendMail(securityMail(mail));
  } catch (error) {
    logger().error(
      { event: "security-mail.failed", kind: mail.kind, err: describeError(error) },
      "security mail failed",
    );
  }
}
