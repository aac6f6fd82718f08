/**
 * A real SMTP server on 127.0.0.1 for tests (the `smtp-server` package): web sends to it
 * with nodemailer over SMTP as in production, and tests read what arrived. No transport
 * is mocked. `refuse(true)` makes it refuse recipients, as a failing mail server would.
 */
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";

export interface ReceivedMail {
  from: string;
  to: string[];
  /** The message as sent, headers and all, with quoted-printable soft breaks undone. */
  raw: string;
}

/** The reset link in a message: `…/reset-password?token=…`. */
export function resetLinkIn(mail: ReceivedMail): string | undefined {
  return /https?:\/\/[^\s"<>]+\/reset-password\?token=[A-Za-z0-9%_-]+/.exec(mail.raw)?.[0];
}

/** Listens on 127.0.0.1:`port` (0: any free port). */
export async function startSmtpInbox(port = 0) {
  const received: ReceivedMail[] = [];
  let refusing = false;
  let delayMs = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(refusing ? new Error("550 mailbox unavailable") : null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const raw = Buffer.concat(chunks)
          .toString("utf8")
          .replace(/=\r?\n/g, "")
          .replace(/=3D/gi, "=");
        const envelope = session.envelope;
        received.push({
          from: envelope.mailFrom ? envelope.mailFrom.address : "",
          to: envelope.rcptTo.map((r) => r.address),
          raw,
        });
        setTimeout(() => callback(), delayMs);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const { port: bound } = server.server.address() as AddressInfo;

  return {
    url: `smtp://127.0.0.1:${bound}`,
    received,
    /** Messages to `address` so far. */
    to: (address: string) => received.filter((mail) => mail.to.includes(address)),
    refuse(value: boolean) {
      refusing = value;
    },
    /** Holds each message this long before accepting it: a slow mail server. */
    delay(ms: number) {
      delayMs = ms;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type SmtpInbox = Awaited<ReturnType<typeof startSmtpInbox>>;
