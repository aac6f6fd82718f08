/**
 * /api/auth/* through the route's guard and Better Auth's Next.js handler, on a real
 * database: sign-up, sign-in, tokens, other sites, and what the route itself adds.
 */
import { schema } from "@tasks/db";
import { eq, sql } from "drizzle-orm";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { waitInWords } from "./auth-route.ts";
import { logger } from "./logger.ts";
import { type AuthHarness, startAuthHarness, WEB_URL } from "./testing/auth-harness.ts";
import { watchBcrypt } from "./testing/bcrypt-work.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

let counter = 0;
const uniqueEmail = () => `person${++counter}-${Date.now()}@example.com`;
const PASSWORD = "correct horse battery staple";

/** The accounts stored under `email`, as `{ id }` rows. */
function usersWithEmail(email: string) {
  return auth.db
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(eq(schema.user.email, email));
}

async function signUp(email = uniqueEmail(), password = PASSWORD, name = "Ada") {
  return auth.call("/sign-up/email", { body: { email, password, name } });
}

describe("sign-up", () => {
  it("creates the account, signs the person in, and returns no token in the body", async () => {
    const email = uniqueEmail();
    const response = await signUp(email);
    expect(response.status).toBe(200);
    expect(response.cookie).toMatch(/^better-auth\.session_token=/);
    const sessionCookie = response.setCookies.find((c) =>
      c.startsWith("better-auth.session_token="),
    );
    expect(sessionCookie).toMatch(/HttpOnly/);
    expect(sessionCookie).toMatch(/Max-Age=604800/);
    expect(response.json).not.toHaveProperty("token");
    expect(response.text).not.toContain(response.cookie?.split("=")[1]?.split(".")[0]);
    expect(response.json.user).toMatchObject({ email, name: "Ada" });
    const session = await auth.call("/get-session", { cookie: response.cookie });
    expect(session.json).toMatchObject({ user: { email } });
  });

  it("trims and lower-cases the email, and the name is optional", async () => {
    const email = uniqueEmail();
    const response = await auth.call("/sign-up/email", {
      body: { email: `  ${email.toUpperCase()}  `, password: PASSWORD },
    });
    expect(response.status).toBe(200);
    expect(response.json.user).toMatchObject({ email, name: "" });
  });

  it("stores only a bcrypt hash at the configured cost", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const rows = await auth.db
      .select({ password: schema.account.password })
      .from(schema.account)
      .innerJoin(schema.user, eq(schema.user.id, schema.account.userId))
      .where(eq(schema.user.email, email));
    expect(rows[0]?.password).toMatch(/^\$2b\$10\$[./A-Za-z0-9]{53}$/);
    expect(rows[0]?.password).not.toContain(PASSWORD);
  });

  it.each([
    ["not-an-email", "Invalid email format"],
    ["a@b", "Invalid email format"],
    [`${"a".repeat(245)}@example.com`, "Invalid email format"],
    ["", "Invalid email format"],
  ])("refuses the email %s with a clear message", async (email, message) => {
    const response = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ message, field: "email" });
  });

  it("accepts an email of exactly 254 characters", async () => {
    const local = `p${++counter}`.padEnd(64, "x");
    const email = `${local}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(57)}.com`;
    expect(email).toHaveLength(254);
    const response = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    expect(response.status).toBe(200);
  });

  it.each([
    ["1234567", "Password must be at least 8 characters"],
    ["x".repeat(129), "Password must be at most 128 characters"],
    ["😀".repeat(7), "Password must be at least 8 characters"],
  ])("refuses a password of the wrong length (%#) naming the rule", async (password, message) => {
    const response = await auth.call("/sign-up/email", {
      body: { email: uniqueEmail(), password },
    });
    expect(response.status).toBe(400);
    expect(response.json).toMatchObject({ message, field: "password" });
  });

  it("accepts passwords of exactly 8 and 128 characters, counting characters not bytes", async () => {
    expect((await signUp(uniqueEmail(), "12345678")).status).toBe(200);
    expect((await signUp(uniqueEmail(), "p".repeat(128))).status).toBe(200);
    expect((await signUp(uniqueEmail(), "😀".repeat(128))).status).toBe(200);
  });

  const EMAIL_TAKEN = {
    code: "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL",
    message: "Email already registered",
    field: "email",
  };

  it("refuses a taken email in any letter case", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const again = await signUp(email.toUpperCase());
    expect(again.status).toBe(422);
    expect(again.json).toEqual(EMAIL_TAKEN);
  });

  it("writes one account when sign-ups for one email race, and logs no error for the losers", async () => {
    const email = uniqueEmail();
    const errors = vi.spyOn(logger(), "error");
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        signUp(i % 2 ? email : email.toUpperCase(), `${PASSWORD}${i}`),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    for (const failed of results.filter((r) => r.status !== 200)) {
      // The same answer as a sign-up that comes later, code included.
      expect(failed.status).toBe(422);
      expect(failed.json).toEqual(EMAIL_TAKEN);
    }
    const users = await auth.db.execute(
      sql`select count(*)::int as n from "user" where lower(email) = ${email}`,
    );
    expect(users.rows[0]).toEqual({ n: 1 });
    // A race a client started is answered 422, not a fault of the server's.
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });
});

describe("sign-in", () => {
  it("signs in, on several devices at once, each with its own session", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const phone = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    const laptop = await auth.call("/sign-in/email", {
      body: { email: ` ${email.toUpperCase()} `, password: PASSWORD },
    });
    expect(phone.status).toBe(200);
    expect(laptop.status).toBe(200);
    expect(phone.json).not.toHaveProperty("token");
    expect(phone.cookie).not.toBe(laptop.cookie);

    const out = await auth.call("/sign-out", { body: {}, cookie: phone.cookie });
    expect(out.status).toBe(200);
    expect(out.setCookies.some((c) => /^better-auth\.session_token=;/.test(c))).toBe(true);
    expect((await auth.call("/get-session", { cookie: phone.cookie })).json).toBeNull();
    expect((await auth.call("/token", { cookie: phone.cookie })).status).toBe(401);
    expect((await auth.call("/get-session", { cookie: laptop.cookie })).json).toMatchObject({
      user: { email },
    });
  });

  it("answers a wrong password and an unknown email identically", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const wrong = await auth.call("/sign-in/email", {
      body: { email, password: "not the password" },
    });
    const unknown = await auth.call("/sign-in/email", {
      body: { email: uniqueEmail(), password: "not the password" },
    });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.json).toEqual({
        code: "INVALID_EMAIL_OR_PASSWORD",
        message: "Invalid credentials",
      });
      expect(response.cookie).toBeUndefined();
    }
  });

  it("does the same bcrypt work for an unknown email as for a wrong password", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const attempt = (address: string) =>
      auth.call("/sign-in/email", { body: { email: address, password: "nope-nope" } });
    // Counted, not timed: one operation at the same cost takes the same time (SPEC R-A6).
    const known = watchBcrypt();
    expect((await attempt(email)).status).toBe(401);
    const knownCosts = known.costs();
    known.stop();
    const unknown = watchBcrypt();
    expect((await attempt(uniqueEmail())).status).toBe(401);
    const unknownCosts = unknown.costs();
    unknown.stop();
    expect(knownCosts).toHaveLength(1);
    expect(unknownCosts).toEqual(knownCosts);
  });

  it("does not ignore anything after bcrypt's 72nd byte", async () => {
    const email = uniqueEmail();
    const base = "a".repeat(72);
    await signUp(email, `${base}-one`);
    expect(
      (await auth.call("/sign-in/email", { body: { email, password: `${base}-two` } })).status,
    ).toBe(401);
    expect((await auth.call("/sign-in/email", { body: { email, password: base } })).status).toBe(
      401,
    );
    expect(
      (await auth.call("/sign-in/email", { body: { email, password: `${base}-one` } })).status,
    ).toBe(200);
  });

  it("tells a person what is wrong with the form", async () => {
    const missing = await auth.call("/sign-in/email", { body: { email: uniqueEmail() } });
    expect(missing.status).toBe(400);
    expect(missing.json.message).toBe("Password is required");
    const notJson = await auth.call("/sign-in/email", { body: "nope" });
    expect(notJson.status).toBe(400);
  });
});

describe("requests from other sites", () => {
  const EVIL = "https://evil.example";
  const crossSite = { origin: EVIL, "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" };

  it("refuses a sign-up posted from another site, and creates no account", async () => {
    const email = uniqueEmail();
    const response = await auth.call("/sign-up/email", {
      body: { email, password: PASSWORD, name: "Ada" },
      headers: crossSite,
    });
    expect(response.status).toBe(403);
    expect(response.cookie).toBeUndefined();
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it("refuses a sign-in from another site's script or form (login CSRF)", async () => {
    const email = uniqueEmail();
    await signUp(email);
    const body = { email, password: PASSWORD };
    for (const headers of [
      crossSite,
      { origin: EVIL, "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" },
      // A browser without fetch metadata but with a cookie: the origin decides.
      { origin: EVIL, cookie: "theme=dark" },
    ]) {
      const response = await auth.call("/sign-in/email", { body, headers });
      expect(response.status, JSON.stringify(headers)).toBe(403);
      expect(response.cookie).toBeUndefined();
    }
    const sameSite = await auth.call("/sign-in/email", {
      body,
      headers: { "sec-fetch-site": "same-origin", "sec-fetch-mode": "cors" },
    });
    expect(sameSite.status).toBe(200);
  });

  it("refuses a sign-out from another site, and the session stays", async () => {
    const email = uniqueEmail();
    const { cookie } = await signUp(email);
    const out = await auth.call("/sign-out", { body: {}, cookie, headers: { origin: EVIL } });
    expect(out.status).toBe(403);
    expect((await auth.call("/get-session", { cookie })).json).toMatchObject({ user: { email } });
  });
});

describe("API tokens", () => {
  it("are short-lived EdDSA JWTs with the claims the API needs, verifiable with the JWKS", async () => {
    const email = uniqueEmail();
    const { cookie, json } = await signUp(email, PASSWORD, "Grace");
    const response = await auth.call("/token", { cookie });
    expect(response.status).toBe(200);
    const token = response.json.token as string;
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "EdDSA", kid: expect.any(String) });

    const jwks = (await auth.call("/jwks")).json as { keys: Record<string, unknown>[] };
    for (const key of jwks.keys) {
      expect(key).not.toHaveProperty("d");
      expect(key).toMatchObject({ kty: "OKP", crv: "Ed25519" });
    }
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as never), {
      issuer: WEB_URL,
      audience: "tasks-api",
      algorithms: ["EdDSA"],
    });
    const user = json.user as { id: string };
    expect(payload).toMatchObject({
      sub: user.id,
      email,
      name: "Grace",
      iss: WEB_URL,
      aud: "tasks-api",
    });
    expect((payload.exp ?? 0) - (payload.iat ?? 0)).toBe(15 * 60);
    expect(payload.amr).toEqual(["pwd"]);
    expect(Object.keys(payload).sort()).toEqual([
      "amr",
      "aud",
      "email",
      "exp",
      "iat",
      "iss",
      "name",
      "sexp",
      "sid",
      "sub",
    ]);
  });

  it("keep the signing key's private half encrypted at rest", async () => {
    const rows = await auth.db.select().from(schema.jwks);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      // XChaCha20-Poly1305 ciphertext, hex-encoded: no JSON key material in sight.
      expect(row.privateKey).toMatch(/^"?[0-9a-f]{64,}"?$/);
      expect(row.privateKey).not.toContain("{");
    }
  });

  it("are refused without a session", async () => {
    expect((await auth.call("/token")).status).toBe(401);
  });
});

describe("the auth service's surface", () => {
  it("closes the Better Auth endpoints the product does not use", async () => {
    const { cookie } = await signUp();
    for (const [path, body] of [
      ["/change-email", { newEmail: "mallory@example.com" }],
      ["/update-session", {}],
      ["/verify-password", { password: PASSWORD }],
      ["/reset-password/some-token?callbackURL=/", undefined],
      ["/callback/github?code=x&state=y", undefined],
      ["/delete-user/callback?token=x", undefined],
      ["/list-accounts", undefined],
      ["/send-verification-email", { email: "a@example.com" }],
      ["/sign-in/social", { provider: "github" }],
      ["/error", undefined],
      ["/ok", undefined],
    ] as const) {
      const response = await auth.call(path, { body, cookie });
      expect(response.status, path).toBe(404);
      expect(response.json, path).toEqual({ code: "NOT_FOUND", message: "Not found" });
    }
  });

  it("answers a method a path does not take with 405 and Allow, and OPTIONS likewise", async () => {
    // SPEC R-O9, from Better Auth's own table of endpoints.
    const wrongMethod = await auth.call("/sign-in/email", { method: "GET" });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get("allow")).toBe("POST, OPTIONS");
    // get-session takes POST only with deferred refreshes: no 405 or OPTIONS offers it.
    for (const method of ["PUT", "DELETE", "PATCH", "POST"]) {
      const answer = await auth.call("/get-session", { method, body: {} });
      expect(answer.status, method).toBe(405);
      expect(answer.headers.get("allow"), method).toBe("GET, HEAD, OPTIONS");
    }
    const post = await auth.call("/get-session", { method: "POST", body: {} });
    expect((await auth.call("/get-session", { method: "OPTIONS" })).headers.get("allow")).toBe(
      "GET, HEAD, OPTIONS",
    );
    const head = await auth.call("/jwks", { method: "HEAD" });
    expect(head.status).toBe(200);
    const options = await auth.call("/sign-in/email", { method: "OPTIONS" });
    expect(options.status).toBe(204);
    expect(options.headers.get("allow")).toBe("POST, OPTIONS");
    expect((await auth.call("/no-such-endpoint", { method: "OPTIONS" })).status).toBe(404);
    // Every auth answer is kept out of caches, these included.
    for (const answer of [wrongMethod, post, options]) {
      expect(answer.headers.get("cache-control")).toBe("no-store, no-transform");
    }
  });

  it("names the content type a client sent, or says one is required when it sent none", async () => {
    const post = (headers: Record<string, string>) =>
      auth.handle(
        new Request(`${WEB_URL}/api/auth/sign-in/email`, {
          method: "POST",
          headers: { origin: WEB_URL, "x-forwarded-for": "203.0.113.77", ...headers },
          body: new TextEncoder().encode('{"email":"a@example.com","password":"x"}'),
        }),
      );
    const none = await post({});
    expect(none.status).toBe(415);
    const noneBody = (await none.json()) as { message: string };
    expect(noneBody.message).toMatch(/^Content-Type is required/);
    expect(noneBody.message).not.toContain("text/plain");
    const xml = await post({ "content-type": "application/xml" });
    expect(xml.status).toBe(415);
    expect(((await xml.json()) as { message: string }).message).toContain('"application/xml"');
  });

  it("refuses a body over 16 KiB before reading the rest, and creates nothing", async () => {
    const email = uniqueEmail();
    const response = await signUp(email, "x".repeat(17_000));
    expect(response.status).toBe(413);
    expect(response.json).toEqual({ code: "PAYLOAD_TOO_LARGE", message: "Request body too large" });
    expect(await usersWithEmail(email)).toEqual([]);
  });

  it("refuses fields sign-up does not take, naming them, and stores nothing", async () => {
    for (const [field, value] of [
      ["image", "https://evil.test/x.png"],
      ["emailVerified", true],
      ["role", "admin"],
    ] as const) {
      const email = uniqueEmail();
      const response = await auth.call("/sign-up/email", {
        body: { email, password: PASSWORD, name: "Ada", [field]: value },
      });
      expect(response.status, field).toBe(400);
      expect(response.json, field).toMatchObject({ code: "VALIDATION_ERROR", field });
      expect(await usersWithEmail(email)).toEqual([]);
    }
  });

  it("refuses a body that is not UTF-8 or not JSON, and one over 16 KiB, naming the body", async () => {
    const bytes = new Uint8Array([
      ...Buffer.from('{"email":"a@b.c","password":"pw\xff'),
      0xff,
      0x22,
      0x7d,
    ]);
    const notUtf8 = await auth.call("/sign-in/email", { body: bytes, method: "POST" });
    expect(notUtf8.status).toBe(400);
    expect(notUtf8.json).toMatchObject({ code: "VALIDATION_ERROR", field: "body" });
    for (const [text, type] of [
      ['{"email":', "application/json"],
      ["not json", "application/json; charset=utf-8"],
      ['{"email":"a@b.c",}', "Application/JSON"],
    ] as const) {
      const headers = { "content-type": type };
      const notJson = await auth.call("/sign-in/email", { body: Buffer.from(text), headers });
      expect(notJson.status, type).toBe(400);
      expect(notJson.json, type).toMatchObject({ code: "VALIDATION_ERROR", field: "body" });
    }
    const large = await auth.call("/sign-out", { body: { pad: "x".repeat(17_000) } });
    expect(large.status).toBe(413);
    expect(large.headers.get("cache-control")).toBe("no-store, no-transform");
  });

  it("takes a POST without a body, as Better Auth's client sends sign-out", async () => {
    const { cookie } = await signUp();
    const response = await auth.call("/sign-out", { method: "POST", cookie });
    expect(response.status).toBe(200);
    expect((await auth.call("/get-session", { cookie })).json).toBeNull();
  });

  it("answers through the route file's own exports", async () => {
    const route = await import("../app/api/auth/[...all]/route.ts");
    const response = await route.GET(new Request(`${WEB_URL}/api/auth/jwks`));
    expect(response.status).toBe(200);
    expect(((await response.json()) as { keys: unknown[] }).keys.length).toBeGreaterThan(0);
    expect(response.headers.get("cache-control")).toBe("no-store, no-transform");
  });

  it("marks tokens and sessions as not cacheable", async () => {
    const { cookie } = await signUp();
    for (const path of ["/token", "/get-session"]) {
      const response = await auth.call(path, { cookie });
      expect(response.headers.get("cache-control"), path).toContain("no-store");
    }
  });
});

describe("a wait in words", () => {
  it("says seconds under two minutes, and whole minutes from there", () => {
    expect(waitInWords(1)).toBe("1 second");
    expect(waitInWords(60)).toBe("60 seconds");
    expect(waitInWords(119)).toBe("119 seconds");
    expect(waitInWords(120)).toBe("2 minutes");
    expect(waitInWords(871)).toBe("15 minutes");
    expect(waitInWords(900)).toBe("15 minutes");
  });
});
