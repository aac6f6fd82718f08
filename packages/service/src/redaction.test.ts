import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";
import { CENSOR, MAX_DEPTH, redactSecrets } from "./redaction.ts";

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

describe("log redaction", () => {
  it("censors every secret field at the top, nested, in arrays and in child bindings", () => {
    const { logger, lines } = capture();
    logger.child({ token: SECRET, reqId: "r1" }).info(
      {
        password: SECRET,
        headers: { Authorization: `Bearer ${SECRET}`, cookie: SECRET, "set-cookie": [SECRET] },
        body: {
          user: { account: { credentials: { newPassword: SECRET, currentPassword: SECRET } } },
        },
        attempts: [{ secret: SECRET }, { note: "kept" }],
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
      body: { user: { account: { credentials: { newPassword: CENSOR } } } },
      attempts: [{ secret: CENSOR }, { note: "kept" }],
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

  it("censors inside errors (fields, cause, inner errors), keeping pino's error shape", async () => {
    const { logger, lines } = capture();
    const inner = Object.assign(new Error("inner"), { token: SECRET });
    const error = Object.assign(new Error("connect failed", { cause: inner }), {
      password: SECRET,
      code: "E1",
    });
    logger.error({ err: error }, "failed");
    logger.error({ err: new AggregateError([inner], "several") }, "failed");
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(lines[0]?.err).toMatchObject({
      type: "Error",
      message: expect.stringContaining("connect failed"),
      code: "E1",
    });
    const logged = lines[0]?.err as { stack?: string } | undefined;
    expect(String(logged?.stack)).toContain("connect failed");
  });

  it("censors what setBindings adds, and reads past a getter that throws", () => {
    const { logger, lines } = capture();
    const child = logger.child({ reqId: "r3" });
    child.setBindings({ cookie: SECRET });
    const awkward = Object.defineProperty({ password: SECRET }, "broken", {
      enumerable: true,
      get() {
        throw new Error("no");
      },
    });
    child.info({ awkward }, "bound");
    expect(JSON.stringify(lines[0])).not.toContain(SECRET);
    expect(lines[0]).toMatchObject({ cookie: CENSOR, awkward: { broken: "[unreadable]" } });
  });

  it("bounds its work: a wide, deep graph of shared objects is censored, not walked for seconds", () => {
    let level: Record<string, unknown> = { password: SECRET };
    for (let depth = 0; depth < MAX_DEPTH; depth++) {
      level = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`k${i}`, level]));
    }
    const started = performance.now();
    const redacted = redactSecrets(level);
    expect(JSON.stringify(redacted)).not.toContain(SECRET);
    // Bounded by MAX_FIELDS whatever the machine; 1.2 s before the bound on a fast one.
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it("never changes what it was given, and returns it as it was when it holds no secret", () => {
    const nested = { password: SECRET };
    const given = { outer: nested, list: [nested] };
    const redacted = redactSecrets(given);
    expect(nested.password).toBe(SECRET);
    expect(redacted.outer.password).toBe(CENSOR);
    expect(redacted.list[0]?.password).toBe(CENSOR);
    const plain = { method: "GET", path: "/x", status: 200, tags: ["a"], at: new Date(0) };
    expect(redactSecrets(plain)).toBe(plain);
  });

  it("censors whatever lies deeper than MAX_DEPTH, and survives cycles", () => {
    let deep: Record<string, unknown> = { password: SECRET };
    for (let level = 0; level < MAX_DEPTH + 4; level++) deep = { next: deep };
    expect(JSON.stringify(redactSecrets(deep))).not.toContain(SECRET);
    const cyclic: Record<string, unknown> = { name: "loop" };
    cyclic.self = cyclic;
    expect(() => redactSecrets(cyclic)).not.toThrow();
  });
});
