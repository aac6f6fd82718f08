/**
 * A session cookie that no longer verifies is no session (SPEC R-P4): tampered, unsigned,
 * garbage, or signed with a secret since rotated out (docs/deployment.md), every endpoint
 * and the pages' lookup answer as for no session, never 503, although the session the
 * cookie names is alive in the database.
 */
import { createHmac } from "node:crypto";
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AuthHarness, startAuthHarness, TEST_SECRET } from "./testing/auth-harness.ts";

const harnesses: AuthHarness[] = [];
let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
  harnesses.push(auth);
});
afterAll(async () => {
  for (const harness of harnesses.reverse()) await harness.close();
});

let counter = 0;
const PASSWORD = "correct horse battery staple";
const NAME = "better-auth.session_token";

async function signUp(on: AuthHarness = auth) {
  const email = `cookie${++counter}-${Date.now()}@example.com`;
  const response = await on.call("/sign-up/email", { body: { email, password: PASSWORD } });
  expect(response.status).toBe(200);
  const value = decodeURIComponent((response.cookie as string).slice(NAME.length + 1));
  const [token = "", signature = ""] = value.split(".");
  return { email, token, signature, cookie: response.cookie as string };
}

/** A cookie value as Better Auth writes one, signed with `secret` (HMAC-SHA-256, base64). */
const signedWith = (secret: string, token: string) =>
  `${NAME}=${encodeURIComponent(`${token}.${createHmac("sha256", secret).update(token).digest("base64")}`)}`;

/** Cookies for the live session `token` that do not verify, by what is wrong with them. */
function brokenCookies(token: string, signature: string) {
  const flipped = `${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
  return {
    "another signature": `${NAME}=${encodeURIComponent(`${token}.${flipped}`)}`,
    "a signature of another length": `${NAME}=${token}.abc`,
    unsigned: `${NAME}=${token}`,
    "an empty signature": `${NAME}=${token}.`,
    "signed with another secret": signedWith("some-other-secret-that-is-long-enough-0123", token),
    garbage: `${NAME}=%%%not-a-cookie`,
    empty: `${NAME}=`,
  };
}

/** Every way the session is read, and what "no session" is for each. */
async function expectNoSession(on: AuthHarness, cookie: string, what: string) {
  const session = await on.call("/get-session", { cookie });
  expect(session.status, what).toBe(200);
  expect(session.json, what).toBeNull();
  for (const path of ["/token", "/list-sessions"]) {
    expect((await on.call(path, { cookie })).status, `${what} ${path}`).toBe(401);
  }
  expect((await on.call("/update-user", { cookie, body: { name: "X" } })).status, what).toBe(401);
  const pages = await on.auth.api.getSession({ headers: new Headers({ cookie }) });
  expect(pages, what).toBeNull();
}

describe("a session cookie that does not verify", () => {
  it("is no session on every endpoint and for the pages, while its session lives", async () => {
    const { token, signature, cookie } = await signUp();
    for (const [what, broken] of Object.entries(brokenCookies(token, signature))) {
      await expectNoSession(auth, broken, what);
    }
    // The session itself was never touched: its own cookie still works.
    const rows = await auth.db.select().from(schema.session).where(eq(schema.session.token, token));
    expect(rows).toHaveLength(1);
    expect((await auth.call("/get-session", { cookie })).json).toMatchObject({ session: {} });
  });

  it("does not end the session it names when signing out with it", async () => {
    const { token, signature, cookie } = await signUp();
    const broken = brokenCookies(token, signature)["another signature"];
    const out = await auth.call("/sign-out", { cookie: broken, body: {} });
    expect(out.status).toBe(200);
    expect((await auth.call("/get-session", { cookie })).json).toMatchObject({ session: {} });
  });
});

describe("rotating BETTER_AUTH_SECRET as docs/deployment.md says", () => {
  it("makes every earlier cookie no session, and sign-in works at once", async () => {
    const before = await signUp();
    await auth.releasePool();
    vi.resetModules();
    // Step 2: the new secret first, the old one kept as BETTER_AUTH_SECRET.
    const rotated = await startAuthHarness(
      {
        BETTER_AUTH_SECRETS: "2:a-brand-new-secret-of-at-least-32-chars",
        BETTER_AUTH_SECRET: TEST_SECRET,
      },
      { databaseUrl: auth.url },
    );
    harnesses.push(rotated);
    await expectNoSession(rotated, before.cookie, "cookie of the old secret");
    await expectNoSession(rotated, signedWith(TEST_SECRET, before.token), "re-signed");
    const again = await rotated.call("/sign-in/email", {
      body: { email: before.email, password: PASSWORD },
    });
    expect(again.status).toBe(200);
    expect((await rotated.call("/token", { cookie: again.cookie })).status).toBe(200);
  });
});
