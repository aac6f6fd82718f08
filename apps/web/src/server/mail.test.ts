import fs from "node:fs";
/**
 * Mail without an SMTP server (SPEC R-S5): outside production the message, link and all,
 * is written to web's log (the logger's redaction must leave it whole); in production
 * mail is not available.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { parseWebConfig } from "../env.ts";

const base = { DATABASE_URL: "postgres://u@127.0.0.1/db", BETTER_AUTH_SECRET: "s".repeat(32) };

afterEach(() => vi.restoreAllMocks());

describe("without SMTP_URL", () => {
  it("mail goes to the log in development, and is not available in production", async () => {
    const { mailDelivery } = await import("./mail.ts");
    expect(mailDelivery(parseWebConfig(base))).toBe("log");
    expect(mailDelivery(parseWebConfig({ ...base, NODE_ENV: "production" }))).toBe("unavailable");
    // npm start runs the production build on one machine, and says so.
    const launched = parseWebConfig({ ...base, NODE_ENV: "production", MAIL_LOG: "true" });
    expect(mailDelivery(launched)).toBe("log");
    const smtp = parseWebConfig({
      ...base,
      NODE_ENV: "production",
      SMTP_URL: "smtps://u:p@mx:465",
    });
    expect(mailDelivery(smtp)).toBe("smtp");
    expect(() => parseWebConfig({ ...base, SMTP_URL: "http://mx" })).toThrow(/SMTP_URL/);
  });

  it("writes the whole message, with its link, to the log in development", async () => {
    Object.assign(process.env, { ...base, NODE_ENV: "development", LOG_LEVEL: "info" });
    const written: string[] = [];
    // pino's stdout destination writes to fd 1 itself.
    const writeSync = fs.writeSync;
    vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: unknown, ...rest: never[]) => {
      if (fd !== 1) return writeSync(fd, data as string, ...rest);
      written.push(String(data));
      return Buffer.byteLength(String(data));
    }) as typeof fs.writeSync);
    const { sendMail } = await import("./mail.ts");
    const { logger } = await import("./logger.ts");
    const link = "http://localhost:3000/reset-password?token=abc123XYZ";
    await sendMail({ to: "ada@example.com", subject: "Reset", text: `Open ${link}`, html: "" });
    await new Promise<void>((resolve) => logger().flush(() => resolve()));
    const line = written.join("");
    expect(line).toContain(link);
    expect(line).not.toContain("[redacted]");
  });
});

describe("escapeHtml", () => {
  it("leaves no markup and no way out of a quoted attribute", async () => {
    const { escapeHtml } = await import("./mail.ts");
    const text = `<a href="x" onclick='y'>Tom & Jerry</a>`;
    expect(escapeHtml(text)).toBe(
      "&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;Tom &#38; Jerry&#60;/a&#62;",
    );
    expect(escapeHtml("plain text, 100% safe")).toBe("plain text, 100% safe");
  });
});
