/**
 * The API token names its session and that session's end (SPEC R-S6), and ending the
 * session, however it ends, records it for the API in the same transaction.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

let counter = 0;
const PASSWORD = "correct horse battery staple";

async function signUp() {
  const email = `claims${++counter}-${Date.now()}@example.com`;
  const response = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
  expect(response.status).toBe(200);
  return { email, cookie: response.cookie as string };
}

async function tokenClaims(cookie: string) {
  const response = await auth.call("/token", { cookie });
  expect(response.status).toBe(200);
  return decodeJwt(response.json.token as string);
}

const sessionRow = async (id: string) =>
  (await auth.db.select().from(schema.session).where(eq(schema.session.id, id)))[0];

const revokedRow = async (id: string) =>
  (
    await auth.db
      .select()
      .from(schema.revokedSession)
      .where(eq(schema.revokedSession.sessionId, id))
  )[0];

describe("API tokens", () => {
  it("carry their session's id (sid) and end (sexp)", async () => {
    const { cookie } = await signUp();
    const claims = await tokenClaims(cookie);
    const row = await sessionRow(claims.sid as string);
    expect(row).toBeDefined();
    expect(claims.sexp).toBe(Math.floor((row?.expiresAt.getTime() ?? 0) / 1000));
  });

  it("of two devices name two sessions", async () => {
    const { email, cookie } = await signUp();
    const other = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    const [first, second] = [await tokenClaims(cookie), await tokenClaims(other.cookie as string)];
    expect(first.sub).toBe(second.sub);
    expect(first.sid).not.toBe(second.sid);
  });
});

describe("signing out", () => {
  it("records the session as ended, and only that one", async () => {
    const { email, cookie } = await signUp();
    const other = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    const ended = (await tokenClaims(cookie)).sid as string;
    const kept = (await tokenClaims(other.cookie as string)).sid as string;
    expect((await auth.call("/sign-out", { body: {}, cookie })).status).toBe(200);
    expect(await sessionRow(ended)).toBeUndefined();
    expect(await revokedRow(ended)).toMatchObject({ sessionId: ended });
    expect(await revokedRow(kept)).toBeUndefined();
  });
});
