/**
 * What the second factors' endpoints take (R-M2, R-M5; found by review): ids that are not text,
 * the plugins' `createSession` and `disableSession`, and WebAuthn answers they cannot read get
 * 400 naming the field, never 500, and make nothing.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { PASSWORD, signUp as signUpPerson } from "./testing/people.ts";
import { authenticator } from "./testing/two-factor.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

const signUp = () => signUpPerson(auth.call, { tag: "bodies" });

/** A person with two-step verification on, and the session cookie that turned it on. */
async function signUpWithTwoFactor() {
  const { cookie, userId } = await signUp();
  const enabled = await auth.call("/two-factor/enable", { cookie, body: { password: PASSWORD } });
  expect(enabled.status, enabled.text).toBe(200);
  const app = authenticator(enabled.json.totpURI as string);
  const on = await auth.call("/two-factor/verify-totp", {
    cookie,
    body: { code: await app.previousCode() },
  });
  expect(on.status, on.text).toBe(200);
  return { cookie: on.cookie as string, userId };
}

const twoFactorRows = async (userId: string) =>
  (await auth.db.select().from(schema.twoFactor).where(eq(schema.twoFactor.userId, userId))).length;

const eventsOf = async (userId: string) =>
  (await auth.db.select().from(schema.securityEvent).where(eq(schema.securityEvent.userId, userId)))
    .length;

const sessionsOf = async (userId: string) =>
  (await auth.db.select().from(schema.session).where(eq(schema.session.userId, userId))).length;

describe("second factors' bodies", () => {
  it("refuse an id that is not text with 400 naming it", async () => {
    const { cookie } = await signUp();
    for (const path of ["/trusted-devices/remove", "/passkey/delete-passkey"]) {
      const refused = await auth.call(path, { cookie, body: { id: "a\u0000b" } });
      expect(refused.status, path).toBe(400);
      expect(refused.json, path).toMatchObject({ field: "id" });
    }
    const options = await auth.call("/passkey/generate-authenticate-options", {});
    const challenge = options.setCookies.map((c) => c.split(";")[0]).join("; ");
    const answer = await auth.call("/passkey/verify-authentication", {
      cookie: challenge,
      body: { response: { id: "a\u0000b" } },
    });
    expect(answer.status).toBe(400);
    expect(answer.json).toMatchObject({ field: "response" });
  });

  it("refuse createSession on a passkey's registration, and a registration they cannot read", async () => {
    const { cookie, userId } = await signUp();
    const refused = await auth.call("/passkey/verify-registration", {
      cookie,
      body: { response: { id: "abc" }, createSession: true },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ field: "createSession" });
    expect(await sessionsOf(userId)).toBe(1);

    const options = await auth.call("/passkey/generate-register-options", { cookie });
    const challenge = options.setCookies.map((c) => c.split(";")[0]).join("; ");
    const unreadable = await auth.call("/passkey/verify-registration", {
      cookie: `${cookie}; ${challenge}`,
      body: {
        name: "Laptop",
        response: { id: "abc", rawId: "abc", type: "public-key", response: {} },
      },
    });
    expect(unreadable.status, unreadable.text).toBe(400);
    expect(unreadable.json).toMatchObject({ code: "FAILED_TO_VERIFY_REGISTRATION" });
  });

  it("refuse disableSession on a recovery code", async () => {
    const { cookie } = await signUp();
    const refused = await auth.call("/two-factor/verify-backup-code", {
      cookie,
      body: { code: "abcd-efgh", disableSession: true },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ field: "disableSession" });
  });

  it("take only a password on turning two-step verification on or off and on new codes, named", async () => {
    const off = await signUp();
    const on = await signUpWithTwoFactor();
    const paths = [
      ["/two-factor/enable", off],
      ["/two-factor/disable", on],
      ["/two-factor/generate-backup-codes", on],
    ] as const;
    for (const [path, person] of paths) {
      const before = await twoFactorRows(person.userId);
      for (const [body, field] of [
        [{ password: "\ud800" }, "password"],
        [{ password: "abc\udfff" }, "password"],
        [{}, "password"],
        [{ password: 5 }, "password"],
        [{ password: PASSWORD, issuer: "\ud800" }, "issuer"],
        [{ password: PASSWORD, issuer: "Evil\u0000Bank" }, "issuer"],
        [{ password: PASSWORD, method: "otp" }, "method"],
      ] as const) {
        const refused = await auth.call(path, { cookie: person.cookie, body });
        expect(refused.status, `${path} ${JSON.stringify(body)}`).toBe(400);
        expect(refused.json, path).toMatchObject({ code: "VALIDATION_ERROR", field });
      }
      const wrong = await auth.call(path, { cookie: person.cookie, body: { password: "not it" } });
      expect(wrong.status, path).toBe(400);
      expect(wrong.json, path).toEqual({
        code: "INVALID_PASSWORD",
        message: "Password is incorrect",
        field: "password",
      });
      expect(await twoFactorRows(person.userId), path).toBe(before);
    }
  });

  it("refuse turning off what is not on, changing and logging nothing", async () => {
    const { cookie, userId } = await signUp();
    await auth.settle();
    const events = await eventsOf(userId);
    const refused = await auth.call("/two-factor/disable", {
      cookie,
      body: { password: PASSWORD },
    });
    expect(refused.status).toBe(400);
    expect(refused.json).toEqual({
      code: "TWO_FACTOR_NOT_ENABLED",
      message: "Two-step verification is not on.",
    });
    expect(refused.setCookies).toEqual([]);
    await auth.settle();
    expect(await eventsOf(userId)).toBe(events);
    expect(await sessionsOf(userId)).toBe(1);
  });
});
