import "server-only";
import { describeError } from "@tasks/service/logger";
import { logger } from "./logger.ts";
import { escapeHtml, mailTime, sendMail } from "./mail.ts";

export interface Lockout {
  email: string;
  /** When the step was locked, and until when. */
  lockedAt: Date;
  lockedUntil: Date;
  /** The device in words (device-name.ts) and the client address, if known. */
  device: string;
  ipAddress: string | null;
}

/**
 * Tells the person their second step was locked (R-M4, R-M10): when, from which device, and
 * what to do if it was not them. It holds no code and no link that signs anyone in. A failure
 * to send is logged, not thrown: the lockout itself stands either way.
 */
export async function sendLockoutMail(lockout: Lockout): Promise<void> {
  const minutes = Math.round((lockout.lockedUntil.getTime() - lockout.lockedAt.getTime()) / 60000);
  const from = lockout.ipAddress
    ? `${lockout.device} (address ${lockout.ipAddress})`
    : lockout.device;
  // Whole paragraphs, each one line of text: mail programs wrap them to the screen.
  const paragraphs = [
    [
      "Someone gave the password of your Tasks account and then too many wrong verification or " +
        `recovery codes, so two-step verification is locked for ${minutes} minutes.`,
    ],
    [
      `When: ${mailTime(lockout.lockedAt)}, locked until ${mailTime(lockout.lockedUntil)}`,
      `From: ${from}`,
    ],
    [
      "If this was you, wait until then and use a code from your authenticator app or a " +
        "recovery code.",
    ],
    [
      "If this was not you, someone knows your password: change it now in your account " +
        "settings, or ask for a password reset on the sign-in page. Your codes kept them out.",
    ],
  ];
  const text = paragraphs.map((lines) => lines.join("\n")).join("\n\n");
  const html = paragraphs.map((lines) => `<p>${lines.map(escapeHtml).join("<br>")}</p>`).join("\n");
  try {
    await sendMail({
      to: lockout.email,
      subject: "Two-step verification locked on your Tasks account",
      text,
      html,
    });
  } catch (error) {
    logger().error(
      { event: "lockout-mail.failed", err: describeError(error) },
      "lockout mail failed",
    );
  }
}
