/**
 * Recent proof for sensitive changes (R-M7): a session's proof counts for five minutes; after
 * that, guarded changes answer 403 REAUTHENTICATION_REQUIRED until the password is given again.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { PASSWORD, signUp as signUpPerson, uniqueEmail } from "./testing/people.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

const signUp = () => signUpPerson(auth.call, { tag: "proof" });

/** Moves the proof of `userId`'s sessions `seconds` into the past. */
async function ageProof(userId: string, seconds: number) {
  await auth.db
    .update(schema.session)
    .set({ authTime: new Date(Date.now() - seconds * 1000) })
    .where(eq(schema.session.userId, userId));
}

// A guarded change that refuses an unknown passkey once the proof is recent.
const guarded = (cookie: string) =>
  auth.call("/passkey/delete-passkey", { cookie, body: { id: "none" } });

describe("recent proof (R-M7)", () => {
  it("counts the sign-in itself for five minutes", async () => {
    const { cookie, userId } = await signUp();
    const [row] = await auth.db
      .select({ authTime: schema.session.authTime })
      .from(schema.session)
      .where(eq(schema.session.userId, userId));
    expect(Date.now() - (row?.authTime?.getTime() ?? 0)).toBeLessThan(60_000);
    await ageProof(userId, 4 * 60);
    expect((await guarded(cookie)).json?.code).not.toBe("REAUTHENTICATION_REQUIRED");
  });

  it("asks again after five minutes, and the password given again moves it on", async () => {
    const { cookie, userId } = await signUp();
    await ageProof(userId, 5 * 60 + 5);
    const refused = await guarded(cookie);
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ code: "REAUTHENTICATION_REQUIRED" });
    const options = await auth.call("/passkey/generate-register-options", { cookie });
    expect(options.status).toBe(403);

    const wrong = await auth.call("/reauthenticate", { cookie, body: { password: "nope" } });
    expect(wrong.status).toBe(400);
    expect(wrong.json).toMatchObject({ code: "INVALID_PASSWORD", field: "password" });
    expect((await guarded(cookie)).status).toBe(403);

    const right = await auth.call("/reauthenticate", { cookie, body: { password: PASSWORD } });
    expect(right.status).toBe(200);
    expect((await guarded(cookie)).json?.code).not.toBe("REAUTHENTICATION_REQUIRED");
    expect((await auth.call("/passkey/generate-register-options", { cookie })).status).toBe(200);
  });

  it("proves only the session that gave the password", async () => {
    const email = uniqueEmail("proof");
    const first = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    const second = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    await ageProof((first.json.user as { id: string }).id, 600);
    await auth.call("/reauthenticate", { cookie: second.cookie, body: { password: PASSWORD } });
    expect((await guarded(first.cookie as string)).status).toBe(403);
    expect((await guarded(second.cookie as string)).status).not.toBe(403);
  });

  it("names the field of a body it cannot take, and needs a session", async () => {
    const { cookie } = await signUp();
    const missing = await auth.call("/reauthenticate", { cookie, body: {} });
    expect(missing.status).toBe(400);
    expect(missing.json).toMatchObject({ field: "password" });
    const extra = await auth.call("/reauthenticate", {
      cookie,
      body: { password: PASSWORD, userId: "x" },
    });
    expect(extra.json).toMatchObject({ field: "userId" });
    const anonymous = await auth.call("/reauthenticate", { body: { password: PASSWORD } });
    expect(anonymous.status).toBe(401);
  });
});
