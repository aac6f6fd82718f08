import { describe, expect, it } from "vitest";
import { CENSOR, createLogger } from "./logger.ts";

/** The lines a real logger writes, parsed. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger(
    { service: "test", level: "info" },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

const SECRET = "s3cr3t-value";

describe("log redaction (R-O5)", () => {
  it("censors every secret field at the top, one level down and in child bindings", () => {
    const { logger, lines } = capture();
    logger.child({ token: SECRET, reqId: "r1" }).info(
      {
        password: SECRET,
        headers: { Authorization: `Bearer ${SECRET}`, cookie: SECRET, "set-cookie": [SECRET] },
        body: { newPassword: SECRET, currentPassword: SECRET, title: "kept" },
        session: { secret: SECRET },
        method: "POST",
      },
      "request",
    );
    const [line] = lines;
    expect(JSON.stringify(line)).not.toContain(SECRET);
    expect(line).toMatchObject({
      reqId: "r1",
      token: CENSOR,
      password: CENSOR,
      headers: { Authorization: CENSOR, cookie: CENSOR, "set-cookie": CENSOR },
      body: { newPassword: CENSOR, currentPassword: CENSOR, title: "kept" },
      session: { secret: CENSOR },
      method: "POST",
      msg: "request",
    });
  });

  it("censors the bindings of a child's child", () => {
    const { logger, lines } = capture();
    logger
      .child({ reqId: "r2" })
      .child({ session: { cookie: SECRET } })
      .info("nested child");
    expect(JSON.stringify(lines[0])).not.toContain(SECRET);
    expect(lines[0]).toMatchObject({ reqId: "r2", session: { cookie: CENSOR } });
  });

  it("censors an error's own secret fields, keeping pino's error shape", () => {
    const { logger, lines } = capture();
    const error = Object.assign(new Error("connect failed"), { password: SECRET, code: "E1" });
    logger.error({ err: error }, "failed");
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(lines[0]?.err).toMatchObject({ type: "Error", message: "connect failed", code: "E1" });
  });

  it("never changes what it was given", () => {
    const { logger } = capture();
    const given = { password: SECRET, headers: { cookie: SECRET } };
    logger.info(given, "given");
    expect(given).toEqual({ password: SECRET, headers: { cookie: SECRET } });
  });
});
