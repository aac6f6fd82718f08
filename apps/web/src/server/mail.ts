import "server-only";
import { remember } from "@tasks/service/remember";
import nodemailer from "nodemailer";
import { type WebConfig, webConfig } from "../env.ts";
import { logger } from "./logger.ts";

/** A message to one person, as plain text and as HTML (SPEC R-S5). */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/**
 * How mail leaves web (SPEC R-S5): SMTP when SMTP_URL is set; else the log outside production
 * and under `npm start` (MAIL_LOG); else not available.
 */
export function mailDelivery(
  config: Pick<WebConfig, "smtpUrl" | "production" | "mailLog"> = webConfig(),
): "smtp" | "log" | "unavailable" {
  if (config.smtpUrl) return "smtp";
  return config.production && !config.mailLog ? "unavailable" : "log";
}

/** One SMTP transport per process, waits bounded so a silent server fails a send in seconds. */
function transport() {
  return remember("web.mail-transport", () => {
    const url = new URL(webConfig().smtpUrl ?? "");
    return nodemailer.createTransport({
      host: url.hostname,
      port: url.port ? Number(url.port) : undefined,
      secure: url.protocol === "smtps:",
      auth: url.username
        ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) }
        : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  });
}

/**
 * Sends `mail` from MAIL_FROM, or logs it (development) with its text unredacted: the link is
 * what a developer needs. Throws when mail cannot be sent or is not available.
 */
export async function sendMail(mail: Mail): Promise<void> {
  const delivery = mailDelivery();
  if (delivery === "unavailable") throw new Error("mail is not available: SMTP_URL is not set");
  if (delivery === "log") {
    logger().info(
      { event: "mail.logged", to: mail.to, subject: mail.subject, text: mail.text },
      "mail written to the log (SMTP_URL is not set)",
    );
    return;
  }
  await transport().sendMail({ from: webConfig().mailFrom, ...mail });
  logger().info({ event: "mail.sent", subject: mail.subject }, "mail sent");
}

/**
 * Text made safe inside a mail's HTML, in an element or a quoted attribute: `&`, `<`, `>`, `"`
 * and `'` as numeric character references (OWASP's XSS prevention, rule 1 and 2).
 */
export const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const utcTime = new Intl.DateTimeFormat("en-GB", {
  dateStyle: "medium",
  timeStyle: "short",
  timeZone: "UTC",
});

/** A time as every mail says it: "7 Dec 2026, 02:48 UTC". */
export const mailTime = (time: Date) => `${utcTime.format(time)} UTC`;
