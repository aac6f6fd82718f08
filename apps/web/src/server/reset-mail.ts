import "server-only";
import { schema } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { eq } from "drizzle-orm";
import { webConfig } from "../env.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { escapeHtml, sendMail } from "./mail.ts";

/** "1 hour", "2 hours", "30 minutes": a link's lifetime in words. */
export function lifetimeInWords(seconds: number): string {
  const hours = seconds / 3600;
  if (Number.isInteger(hours)) return hours === 1 ? "1 hour" : `${hours} hours`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}

/**
 * Mails `email` its single-use reset link (SPEC R-S4, R-S5), run by Better Auth after the
 * answer; if it cannot be sent, the stored token is deleted again and the failure logged.
 */
export async function sendResetLink(email: string, token: string): Promise<void> {
  const config = webConfig();
  const link = `${config.webUrl}/reset-password?token=${encodeURIComponent(token)}`;
  const lifetime = lifetimeInWords(config.passwordResetTtlSeconds);
  const text = [
    "Someone asked to reset the password of your Tasks account.",
    "",
    "To choose a new password, open this link:",
    link,
    "",
    `The link works once, within ${lifetime}. Setting a new password signs you out everywhere.`,
    "If you did not ask for this, ignore this message: your password stays as it is.",
  ].join("\n");
  const html = `<p>Someone asked to reset the password of your Tasks account.</p>
<p><a href="${escapeHtml(link)}">Choose a new password</a></p>
<p>The link works once, within ${lifetime}. Setting a new password signs you out everywhere.</p>
<p>If you did not ask for this, ignore this message: your password stays as it is.</p>`;
  try {
    await sendMail({ to: email, subject: "Reset your Tasks password", text, html });
  } catch (error) {
    logger().error(
      { event: "password-reset.failed", err: describeError(error) },
      "reset mail failed",
    );
    await getDb()
      .delete(schema.verification)
      .where(eq(schema.verification.identifier, `reset-password:${token}`));
  }
}
