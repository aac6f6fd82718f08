/**
 * One set of text rules for credentials (SPEC R-A3, R-A11): every field of sign-up and
 * sign-in is refused with 400 naming it for control characters and unpaired surrogates,
 * before anything is stored or hashed; passwords are compared in NFC, and hashes made
 * before NFC keep working (decision 015).
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { prehash } from "./password.ts";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

let counter = 0;
const uniqueEmail = () => `rules${++counter}-${Date.now()}@example.com`;
const PASSWORD = "correct horse battery staple";

/** The stored password hash of the account under `email`, if there is one. */
async function storedHash(email: string): Promise<string | null | undefined> {
  const rows = await auth.db
    .select({ password: schema.account.password })
    .from(schema.account)
    .innerJoin(schema.user, eq(schema.user.id, schema.account.userId))
    .where(eq(schema.user.email, email));
  return rows[0]?.password;
}

const signUp = (body: Record<string, unknown>) => auth.call("/sign-up/email", { body });
const signIn = (email: string, password: string) =>
  auth.call("/sign-in/email", { body: { email, password } });

/** Text that breaks a rule: control characters of every kind, and unpaired surrogates. */
const badText = {
  NUL: "a\u0000b",
  "a bell": "a\u0007b",
  "a newline": "a\nb",
  "a tab": "a\tb",
  DEL: "a\u007fb",
  "a C1 control": "a\u0085b",
  "a lone high surrogate": "a\ud800b",
  "a lone low surrogate": "a\udfffb",
};

describe("credential text rules", () => {
  const logged = vi.fn();
  beforeAll(async () => {
    const { logger } = await import("./logger.ts");
    vi.spyOn(logger(), "error").mockImplementation(logged);
  });

  for (const [kind, text] of Object.entries(badText)) {
    it(`refuses ${kind} in the name, email or password of a sign-up, naming the field`, async () => {
      const email = uniqueEmail();
      const cases = [
        { field: "name", body: { name: `Ada ${text}`, email, password: PASSWORD } },
        { field: "email", body: { email: `${text}${email}`, password: PASSWORD } },
        { field: "password", body: { email, password: `${PASSWORD}${text}` } },
      ];
      for (const { field, body } of cases) {
        const response = await signUp(body);
        expect(response.status, field).toBe(400);
        expect(response.json, field).toMatchObject({ code: "VALIDATION_ERROR", field });
        expect(String(response.json.message), field).toMatch(/control characters|valid Unicode/);
      }
      expect(await storedHash(email)).toBeUndefined();
      expect(logged).not.toHaveBeenCalled();
    });

    it(`refuses ${kind} in the email or password of a sign-in, naming the field`, async () => {
      const email = uniqueEmail();
      expect((await signUp({ email, password: PASSWORD })).status).toBe(200);
      const byEmail = await signIn(`${text}${email}`, PASSWORD);
      expect(byEmail.status).toBe(400);
      expect(byEmail.json).toMatchObject({ field: "email" });
      const byPassword = await signIn(email, `${PASSWORD}${text}`);
      expect(byPassword.status).toBe(400);
      expect(byPassword.json).toMatchObject({ field: "password" });
    });
  }

  it("never lets one unpaired surrogate stand for another", async () => {
    // UTF-8 cannot carry them: encoded, both would become U+FFFD, one password.
    const email = uniqueEmail();
    expect((await signUp({ email, password: `${PASSWORD}\ud800` })).status).toBe(400);
    expect((await signUp({ email, password: `${PASSWORD}\ufffd` })).status).toBe(200);
    expect((await signIn(email, `${PASSWORD}\udbff`)).status).toBe(400);
    expect((await signIn(email, `${PASSWORD}\ufffd`)).status).toBe(200);
  });
});

describe("bodies that are not UTF-8", () => {
  /** A sign-up or sign-in body with `password`'s bytes spliced in as they are. */
  const bytes = (json: string, password: Uint8Array) => {
    const [before = "", after = ""] = json.split("PASSWORD");
    return new Uint8Array([...Buffer.from(before), ...password, ...Buffer.from(after)]);
  };

  it("are refused with 400 naming the body, so no two byte strings read as one password", async () => {
    const email = uniqueEmail();
    const withFf = bytes(
      `{"email":"${email}","password":"PASSWORD"}`,
      Buffer.from("password\xff", "latin1"),
    );
    const refused = await auth.call("/sign-up/email", { body: withFf, method: "POST" });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ code: "VALIDATION_ERROR", field: "body" });
    expect(await storedHash(email)).toBeUndefined();

    expect((await signUp({ email, password: "password\ufffd" })).status).toBe(200);
    for (const bad of ["\xfe", "\x80", "\xff"]) {
      const body = bytes(
        `{"email":"${email}","password":"PASSWORD"}`,
        Buffer.from(`password${bad}`, "latin1"),
      );
      expect((await auth.call("/sign-in/email", { body, method: "POST" })).status).toBe(400);
    }
  });
});

describe("email addresses in NFC (R-A11)", () => {
  it("takes a local part of at most 64 characters (RFC 5321)", async () => {
    const at64 = `${"a".repeat(60)}${String(++counter).padStart(4, "0")}@example.com`;
    expect((await signUp({ email: at64, password: "correct horse battery" })).status).toBe(200);
    const at65 = `b${at64}`;
    const refused = await signUp({ email: at65, password: "correct horse battery" });
    expect(refused.status).toBe(400);
    expect(refused.json).toMatchObject({ field: "email" });
  });

  it("reads the Kelvin sign as K: one account, whichever is typed", async () => {
    const local = `kelvin-${uniqueEmail().split("@")[0]}`;
    const email = `${local}@example.com`;
    const withKelvinSign = `\u212A${local.slice(1)}@example.com`;
    expect((await signUp({ email, password: "correct horse battery" })).status).toBe(200);
    expect((await signIn(withKelvinSign, "correct horse battery")).status).toBe(200);
    const again = await signUp({ email: withKelvinSign, password: "another password" });
    expect(again.status).toBe(422);
    expect(again.json).toMatchObject({ field: "email", message: "Email already registered" });
  });
});

describe("passwords in NFC", () => {
  const composed = "Crème brûlée à la café".normalize("NFC");
  const decomposed = composed.normalize("NFD");

  it("accepts the password typed composed or decomposed, whichever was used first", async () => {
    expect(decomposed).not.toBe(composed);
    for (const [first, second] of [
      [composed, decomposed],
      [decomposed, composed],
    ] as const) {
      const email = uniqueEmail();
      expect((await signUp({ email, password: first })).status).toBe(200);
      expect((await signIn(email, second)).status).toBe(200);
      expect((await signIn(email, first)).status).toBe(200);
    }
  });

  it("counts length in NFC: 128 composed characters typed decomposed are allowed", async () => {
    const password = "é".repeat(128);
    const response = await signUp({ email: uniqueEmail(), password: password.normalize("NFD") });
    expect(response.status).toBe(200);
  });

  it("has no other length rule than NFC characters, whichever form is typed", async () => {
    // 128 characters in NFC, 384 code points typed decomposed: both forms sign in.
    const long = "ệ".repeat(128);
    const email = uniqueEmail();
    expect((await signUp({ email, password: long.normalize("NFC") })).status).toBe(200);
    expect((await signIn(email, long.normalize("NFD"))).status).toBe(200);
    // 4 UTF-16 units typed, 8 characters in NFC (these letters stay decomposed in NFC).
    const short = "\u0958\u0959\u095a\u095b";
    expect(short.normalize("NFC").length).toBe(8);
    expect((await signUp({ email: uniqueEmail(), password: short })).status).toBe(200);
  });

  it("keeps a hash made before NFC working, and replaces it with the NFC one", async () => {
    const email = uniqueEmail();
    expect((await signUp({ email, password: PASSWORD })).status).toBe(200);
    // As a sign-up before this change stored a decomposed password: bcrypt of it as typed.
    const bcrypt = await import("bcrypt");
    const legacy = await bcrypt.hash(prehash(decomposed), 10);
    const [user] = await auth.db
      .select({ id: schema.user.id })
      .from(schema.user)
      .where(eq(schema.user.email, email));
    await auth.db
      .update(schema.account)
      .set({ password: legacy })
      .where(eq(schema.account.userId, user?.id ?? ""));

    expect((await signIn(email, decomposed)).status).toBe(200);
    const rehashed = await storedHash(email);
    expect(rehashed).not.toBe(legacy);
    expect(await bcrypt.compare(prehash(composed), rehashed ?? "")).toBe(true);
    expect((await signIn(email, composed)).status).toBe(200);
    expect((await signIn(email, "wrong password, still wrong")).status).toBe(401);
  });
});
