/**
 * The account's requests on Better Auth's endpoints (SPEC R-S1–R-S3, R-S8), through the
 * route as Next.js calls it: the name, the password, the sessions, deletion.
 */
import { schema } from "@tasks/db";
import { eq, inArray } from "drizzle-orm";
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
const EVIL = { origin: "https://evil.example" };

async function signUp(password = PASSWORD) {
  const email = `account${++counter}-${Date.now()}@example.com`;
  const response = await auth.call("/sign-up/email", { body: { email, password, name: "Ada" } });
  expect(response.status).toBe(200);
  const userId = (response.json.user as { id: string }).id;
  return { email, userId, cookie: response.cookie as string };
}

const signIn = (email: string, password = PASSWORD) =>
  auth.call("/sign-in/email", { body: { email, password }, headers: { "user-agent": "Phone" } });

const sessionOf = async (cookie: string) => (await auth.call("/get-session", { cookie })).json;
const sidOf = async (cookie: string) =>
  decodeJwt((await auth.call("/token", { cookie })).json.token as string).sid as string;

async function ended(sessionIds: string[]) {
  const rows = await auth.db
    .select({ id: schema.revokedSession.sessionId })
    .from(schema.revokedSession)
    .where(inArray(schema.revokedSession.sessionId, sessionIds));
  return rows.map((row) => row.id).sort();
}

describe("update-user", () => {
  it("changes the name, and only the name", async () => {
    const { cookie } = await signUp();
    const response = await auth.call("/update-user", { cookie, body: { name: "  Grace  " } });
    expect(response.status).toBe(200);
    expect(await sessionOf(cookie)).toMatchObject({ user: { name: "Grace" } });
    for (const field of ["image", "email", "emailVerified", "twoFactorEnabled"]) {
      // The unknown field is named, with or without a name beside it.
      for (const body of [{ name: "X", [field]: "x" }, { [field]: "x" }]) {
        const refused = await auth.call("/update-user", { cookie, body });
        expect(refused.status, field).toBe(400);
        expect(refused.json).toMatchObject({
          code: "VALIDATION_ERROR",
          message: `${field} is not accepted here`,
          field,
        });
      }
    }
    const nothing = await auth.call("/update-user", { cookie, body: {} });
    expect(nothing.json).toMatchObject({ field: "name", message: "Name is required" });
    const control = await auth.call("/update-user", { cookie, body: { name: "a\u0000b" } });
    expect(control.json).toMatchObject({ field: "name", message: expect.stringMatching(/^Name/) });
    expect(await sessionOf(cookie)).toMatchObject({ user: { name: "Grace", image: null } });
  });

  it("needs a session", async () => {
    const response = await auth.call("/update-user", { body: { name: "Nobody" } });
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: "UNAUTHORIZED", message: expect.any(String) });
  });
});

describe("change-password", () => {
  it("refuses a wrong current password with SPEC's words, and changes nothing", async () => {
    const { email, cookie } = await signUp();
    const response = await auth.call("/change-password", {
      cookie,
      body: { currentPassword: "not my password", newPassword: "a brand new password" },
    });
    expect(response.status).toBe(400);
    expect(response.json).toEqual({
      code: "INVALID_PASSWORD",
      message: "Current password is incorrect",
      field: "currentPassword",
    });
    expect((await signIn(email)).status).toBe(200);
  });

  it("holds the new password to the password rules, naming the field", async () => {
    const { cookie } = await signUp();
    for (const [newPassword, message] of [
      ["short", "New password must be at least 8 characters"],
      ["x".repeat(129), "New password must be at most 128 characters"],
      ["nul\u0000inside", "New password must not contain control characters"],
    ]) {
      const response = await auth.call("/change-password", {
        cookie,
        body: { currentPassword: PASSWORD, newPassword },
      });
      expect(response.status).toBe(400);
      expect(response.json).toEqual({ code: "VALIDATION_ERROR", message, field: "newPassword" });
    }
  });

  it("ends every other session, keeps this device signed in, and returns no token", async () => {
    const { email, cookie } = await signUp();
    const phone = await signIn(email);
    const [oldSid, phoneSid] = [await sidOf(cookie), await sidOf(phone.cookie as string)];
    const newPassword = "Cafe\u0301 au lait, 2 sugars"; // decomposed é
    const response = await auth.call("/change-password", {
      cookie,
      body: { currentPassword: PASSWORD, newPassword, revokeOtherSessions: false },
    });
    expect(response.status).toBe(200);
    expect(response.json).not.toHaveProperty("token");
    expect(await sessionOf(phone.cookie as string)).toBeNull();
    // This device goes on in a new session, whose cookie the answer set.
    expect(await sessionOf(response.cookie as string)).toMatchObject({ user: { email } });
    expect(await ended([oldSid, phoneSid])).toEqual([oldSid, phoneSid].sort());
    expect((await signIn(email)).status).toBe(401);
    expect((await signIn(email, "Caf\u00e9 au lait, 2 sugars")).status).toBe(200);
  });
});

describe("the sessions", () => {
  it("are listed with their device and address, never with their tokens", async () => {
    const { email, cookie } = await signUp();
    const phone = await signIn(email);
    const response = await auth.call("/list-sessions", { cookie });
    expect(response.status).toBe(200);
    const sessions = response.json as unknown as Record<string, unknown>[];
    expect(sessions).toHaveLength(2);
    const rows = await auth.db.select().from(schema.session);
    for (const row of rows) expect(response.text).not.toContain(row.token);
    for (const session of sessions) expect(session.token).toBe(session.id);
    expect(sessions.map((s) => s.userAgent).sort()).toEqual(["Phone", null]);
    expect(sessions[0]).toMatchObject({ ipAddress: "203.0.113.10" });
    expect(phone.status).toBe(200);
  });

  it("say when each was last used, within 10 minutes (R-S3)", async () => {
    const { cookie } = await signUp();
    const sid = await sidOf(cookie);
    // Last used (and renewed) 11 minutes ago: the next use moves both to now.
    const ago = 11 * 60_000;
    const [before] = await auth.db.select().from(schema.session).where(eq(schema.session.id, sid));
    await auth.db
      .update(schema.session)
      .set({
        updatedAt: new Date(Date.now() - ago),
        expiresAt: new Date((before?.expiresAt.getTime() ?? 0) - ago),
      })
      .where(eq(schema.session.id, sid));
    expect(await sessionOf(cookie)).not.toBeNull();
    const [row] = await auth.db.select().from(schema.session).where(eq(schema.session.id, sid));
    expect(Date.now() - (row?.updatedAt.getTime() ?? 0)).toBeLessThan(60_000);
  });

  it("end one at a time by the handle the list gave, only the person's own", async () => {
    const { email, cookie } = await signUp();
    const phone = await signIn(email);
    const stranger = await signUp();
    const phoneSid = await sidOf(phone.cookie as string);
    const strangerSid = await sidOf(stranger.cookie);
    const notOurs = await auth.call("/revoke-session", { cookie, body: { token: strangerSid } });
    expect(notOurs.status).toBe(200);
    expect(await sessionOf(stranger.cookie)).not.toBeNull();
    const response = await auth.call("/revoke-session", { cookie, body: { token: phoneSid } });
    expect(response.status).toBe(200);
    expect(await sessionOf(phone.cookie as string)).toBeNull();
    expect(await sessionOf(cookie)).not.toBeNull();
    expect(await ended([phoneSid, strangerSid])).toEqual([phoneSid]);
  });

  it("end everywhere else, or everywhere", async () => {
    const { email, cookie } = await signUp();
    const phone = await signIn(email);
    const tablet = await signIn(email);
    expect((await auth.call("/revoke-other-sessions", { cookie, body: {} })).status).toBe(200);
    expect(await sessionOf(phone.cookie as string)).toBeNull();
    expect(await sessionOf(tablet.cookie as string)).toBeNull();
    expect(await sessionOf(cookie)).not.toBeNull();
    expect((await auth.call("/revoke-sessions", { cookie, body: {} })).status).toBe(200);
    expect(await sessionOf(cookie)).toBeNull();
  });
});

describe("delete-user", () => {
  it("asks for the password, and says when it is wrong", async () => {
    const { cookie, userId } = await signUp();
    const missing = await auth.call("/delete-user", { cookie, body: {} });
    expect(missing.json).toEqual({
      code: "VALIDATION_ERROR",
      message: "Password is required",
      field: "password",
    });
    const wrong = await auth.call("/delete-user", { cookie, body: { password: "wrong guess" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toEqual({
      code: "INVALID_PASSWORD",
      message: "Password is incorrect",
      field: "password",
    });
    const rows = await auth.db.select().from(schema.user).where(eq(schema.user.id, userId));
    expect(rows).toHaveLength(1);
  });

  it("removes the person, their sessions and tasks; the email can sign up again", async () => {
    const { email, userId, cookie } = await signUp();
    const phone = await signIn(email);
    const sids = [await sidOf(cookie), await sidOf(phone.cookie as string)];
    await auth.db.insert(schema.task).values([
      { userId, title: "Mine" },
      { userId, title: "Also mine" },
    ]);
    const response = await auth.call("/delete-user", { cookie, body: { password: PASSWORD } });
    expect(response.status).toBe(200);
    expect(response.setCookies.some((c) => /^better-auth\.session_token=;/.test(c))).toBe(true);
    for (const table of [schema.session, schema.account, schema.task] as const) {
      expect(await auth.db.select().from(table).where(eq(table.userId, userId))).toEqual([]);
    }
    expect(await auth.db.select().from(schema.user).where(eq(schema.user.id, userId))).toEqual([]);
    expect(await ended(sids)).toEqual(sids.sort());
    expect(await sessionOf(phone.cookie as string)).toBeNull();
    const again = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    expect(again.status).toBe(200);
  });
});

describe("requests from other sites", () => {
  it("are refused by every account endpoint, and change nothing", async () => {
    const { cookie, email } = await signUp();
    for (const [path, body] of [
      ["/update-user", { name: "Mallory" }],
      ["/change-password", { currentPassword: PASSWORD, newPassword: "mallory's password" }],
      ["/revoke-session", { token: "x" }],
      ["/revoke-other-sessions", {}],
      ["/revoke-sessions", {}],
      ["/delete-user", { password: PASSWORD }],
    ] as const) {
      for (const headers of [EVIL, { "sec-fetch-site": "cross-site" }, { origin: "null" }]) {
        const response = await auth.call(path, { cookie, body, headers });
        expect(response.status, `${path} ${JSON.stringify(headers)}`).toBe(403);
        // Better Auth's own check names a null Origin apart.
        expect(["INVALID_ORIGIN", "MISSING_OR_NULL_ORIGIN"]).toContain(response.json.code);
      }
    }
    expect(await sessionOf(cookie)).toMatchObject({ user: { email, name: "Ada" } });
  });

  it("are refused even without cookies", async () => {
    const response = await auth.call("/sign-in/email", {
      body: { email: "a@example.com", password: PASSWORD },
      headers: EVIL,
    });
    expect(response.status).toBe(403);
  });
});

describe("bodies", () => {
  it("over 16 KiB are refused with 413, and not JSON with 400", async () => {
    const { cookie } = await signUp();
    const large = await auth.call("/update-user", { cookie, body: { name: "x".repeat(17_000) } });
    expect(large.status).toBe(413);
    const notJson = await auth.call("/change-password", { cookie, body: "nope" });
    expect(notJson.status).toBe(400);
    expect(notJson.json).toMatchObject({ code: "VALIDATION_ERROR" });
  });
});
