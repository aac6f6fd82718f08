/**
 * Passkeys on Better Auth's passkey plugin (SPEC R-M5, R-M6), through the route as Next.js
 * calls it, with a software authenticator signing real WebAuthn answers: user verification
 * required, the last use recorded, names checked, and one person's passkeys out of another's reach.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness, WEB_URL } from "./testing/auth-harness.ts";
import { softwareAuthenticator } from "./testing/software-authenticator.ts";

let auth: AuthHarness;
let listPasskeysOf: typeof import("./passkeys.ts").listPasskeysOf;
beforeAll(async () => {
  auth = await startAuthHarness();
  ({ listPasskeysOf } = await import("./passkeys.ts"));
});
afterAll(() => auth?.close());

let counter = 0;
const rp = { rpId: new URL(WEB_URL).hostname, origin: WEB_URL };

async function signUp() {
  const email = `passkey${++counter}-${Date.now()}@example.com`;
  const body = { email, password: "correct horse battery staple", name: "Ada" };
  const response = await auth.call("/sign-up/email", { body });
  expect(response.status).toBe(200);
  return {
    email,
    userId: (response.json.user as { id: string }).id,
    cookie: response.cookie ?? "",
  };
}

/** The cookies to send next: `cookie` and the challenge cookie the answer set. */
function withChallenge(cookie: string, setCookies: string[]) {
  const challenge = setCookies.find((c) => c.startsWith("better-auth.better-auth-passkey="));
  return [cookie, challenge?.split(";")[0]].filter(Boolean).join("; ");
}

const LAPTOP = { name: "Laptop" };
type Authenticator = ReturnType<typeof softwareAuthenticator>;

/** Adds a passkey through the plugin's two calls; `fields` go in the second call's body. */
async function register(cookie: string, authenticator: Authenticator, fields: object = LAPTOP) {
  const options = await auth.call("/passkey/generate-register-options", { cookie });
  expect(options.status).toBe(200);
  const answer = authenticator.create(options.json as never);
  return auth.call("/passkey/verify-registration", {
    cookie: withChallenge(cookie, options.setCookies),
    body: { response: answer, ...fields },
  });
}

async function signInWith(authenticator: Authenticator) {
  const options = await auth.call("/passkey/generate-authenticate-options");
  expect(options.status).toBe(200);
  const answer = authenticator.get(options.json as never);
  const verified = await auth.call("/passkey/verify-authentication", {
    cookie: withChallenge("", options.setCookies),
    body: { response: answer },
  });
  return { options, verified };
}

describe("passkeys with user verification", () => {
  it("adds a named passkey, signs in with it and records when", async () => {
    const { email, userId, cookie } = await signUp();
    const authenticator = softwareAuthenticator(rp);
    const added = await register(cookie, authenticator, { name: "  Laptop  " });
    expect(added.status).toBe(200);
    expect(await listPasskeysOf(userId)).toEqual([
      { id: added.json.id, name: "Laptop", createdAt: expect.any(String), lastUsedAt: null },
    ]);

    const { options, verified } = await signInWith(authenticator);
    // Asked of the browser, not only checked after (R-M5): the plugin alone says "preferred".
    expect(options.json.userVerification).toBe("required");
    expect(verified.status).toBe(200);
    expect(verified.json.user).toMatchObject({ id: userId, email });
    const session = await auth.call("/get-session", { cookie: verified.cookie });
    expect(session.json).toMatchObject({ user: { id: userId } });
    const [listed] = await listPasskeysOf(userId);
    expect(Date.now() - Date.parse(listed?.lastUsedAt ?? "")).toBeLessThan(60_000);

    // A person with a password gives it for sensitive changes (R-M7), even after a passkey.
    const removal = await auth.call("/passkey/delete-passkey", {
      cookie: verified.cookie,
      body: { id: added.json.id },
    });
    expect(removal.status).toBe(403);
    expect(removal.json).toMatchObject({ code: "REAUTHENTICATION_REQUIRED" });
  });

  it("gives the authenticator the email as the account's name, not the passkey's", async () => {
    const { email, cookie } = await signUp();
    const options = await auth.call("/passkey/generate-register-options?name=Laptop", { cookie });
    expect(options.status).toBe(200);
    expect(options.json.user).toMatchObject({ name: email });
    expect(options.json.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
  });
});

describe("passkeys without user verification (R-M6)", () => {
  it("refuses to add one", async () => {
    const { userId, cookie } = await signUp();
    const refused = await register(cookie, softwareAuthenticator({ ...rp, userVerified: false }));
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: "USER_VERIFICATION_REQUIRED" });
    expect(await listPasskeysOf(userId)).toEqual([]);
  });

  it("refuses to sign in with one that skips verification, and records no use", async () => {
    const { userId, cookie } = await signUp();
    const authenticator = softwareAuthenticator(rp);
    expect((await register(cookie, authenticator)).status).toBe(200);
    const [credential] = authenticator.credentials;
    const unverified = softwareAuthenticator({ ...rp, userVerified: false });
    unverified.credentials.push(credential as never);
    const { verified } = await signInWith(unverified);
    expect(verified.status).toBe(401);
    expect(verified.json).toMatchObject({ code: "USER_VERIFICATION_REQUIRED" });
    expect(verified.cookie).toBeUndefined();
    expect((await listPasskeysOf(userId))[0]?.lastUsedAt).toBeNull();
  });
});

describe("passkey names", () => {
  const cases: [string, object][] = [
    ["missing", {}],
    ["empty", { name: "" }],
    ["blank", { name: "   " }],
    ["65 characters", { name: "x".repeat(65) }],
    ["a control character", { name: "a\u0000b" }],
    ["not text", { name: 42 }],
  ];
  it.each(cases)("refuses a name %s with 400 naming the field", async (_, fields) => {
    const { userId, cookie } = await signUp();
    const refused = await register(cookie, softwareAuthenticator(rp), fields);
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: "VALIDATION_ERROR", field: "name" });
    expect(refused.json.message).toMatch(/^Passkey name/);
    expect(await listPasskeysOf(userId)).toEqual([]);
  });

  it("accepts 64 characters, and checks a name before the ceremony and on rename", async () => {
    const { userId, cookie } = await signUp();
    const added = await register(cookie, softwareAuthenticator(rp), { name: "é".repeat(64) });
    expect(added.status).toBe(200);
    const early = await auth.call(`/passkey/generate-register-options?name=${"x".repeat(65)}`, {
      cookie,
    });
    expect(early.status).toBe(400);
    expect(early.json).toMatchObject({ field: "name" });
    const rename = await auth.call("/passkey/update-passkey", {
      cookie,
      body: { id: added.json.id, name: " " },
    });
    expect(rename.status).toBe(400);
    expect(rename.json).toMatchObject({ field: "name" });
    expect((await listPasskeysOf(userId))[0]?.name).toBe("é".repeat(64));
  });
});

describe("one person's passkeys out of another's reach", () => {
  it("lists, renames and removes only the person's own; another's id is not found", async () => {
    const owner = await signUp();
    const other = await signUp();
    const added = await register(owner.cookie, softwareAuthenticator(rp));
    const id = added.json.id as string;

    const list = await auth.call("/passkey/list-user-passkeys", { cookie: other.cookie });
    expect(list.status).toBe(200);
    expect(list.json).toEqual([]);
    const rename = await auth.call("/passkey/update-passkey", {
      cookie: other.cookie,
      body: { id, name: "Mine now" },
    });
    expect(rename.status).toBe(404);
    expect(rename.json).toMatchObject({ code: "PASSKEY_NOT_FOUND" });
    const remove = await auth.call("/passkey/delete-passkey", {
      cookie: other.cookie,
      body: { id },
    });
    expect(remove.status).toBe(404);
    expect(remove.json).toMatchObject({ code: "PASSKEY_NOT_FOUND" });
    expect(await listPasskeysOf(owner.userId)).toMatchObject([{ id, name: "Laptop" }]);

    // Signed out, the answer stays 401; the owner removes it.
    const anonymous = await auth.call("/passkey/delete-passkey", { body: { id } });
    expect(anonymous.status).toBe(401);
    const own = await auth.call("/passkey/delete-passkey", { cookie: owner.cookie, body: { id } });
    expect(own.status).toBe(200);
    const rows = await auth.db.select().from(schema.passkey).where(eq(schema.passkey.id, id));
    expect(rows).toEqual([]);
  });
});
