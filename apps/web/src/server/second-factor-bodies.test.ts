/**
 * What the second factors' endpoints take (R-M2, R-M5; found by review): ids that are not text,
 * the plugins' `createSession` and `disableSession`, and WebAuthn answers they cannot read get
 * 400 naming the field, never 500, and make nothing.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { signUp as signUpPerson } from "./testing/people.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

const signUp = () => signUpPerson(auth.call, { tag: "bodies" });

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
});
