/**
 * Forgotten passwords (SPEC R-S4, R-S5) end to end through the auth service, with mail
 * received by a real SMTP server on loopback: the same answer for known and unknown
 * emails, mail sent after answering, a single-use link, every session ended on reset.
 */
import { schema } from "@tasks/db";
import { eq, like } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MailingAuthHarness,
  startMailingAuthHarness,
  WEB_URL,
} from "./testing/auth-harness.ts";
import { PASSWORD, signUp as signUpPerson, uniqueEmail } from "./testing/people.ts";
import { resetLinkIn } from "./testing/smtp-inbox.ts";

let auth: MailingAuthHarness;
beforeAll(async () => {
  auth = await startMailingAuthHarness();
});
afterAll(() => auth?.close());

const ANSWER = {
  status: true,
  message: "If an account exists for that email, a reset link is on its way",
};

const signUp = () => signUpPerson(auth.call, { tag: "reset" });

const askForReset = (email: string) => auth.call("/request-password-reset", { body: { email } });

/** The link mailed to `email` by the last request (after the work that follows answers). */
async function linkFor(email: string): Promise<{ url: URL; token: string }> {
  await auth.settle();
  const mails = auth.inbox.to(email);
  const link = resetLinkIn(mails[mails.length - 1] ?? { from: "", to: [], raw: "" });
  expect(link, `a link mailed to ${email}`).toBeDefined();
  const url = new URL(link as string);
  return { url, token: url.searchParams.get("token") as string };
}

describe("asking for a reset link", () => {
  it("answers the same for a known and an unknown email, and mails only the known", async () => {
    const { email } = await signUp();
    const stranger = uniqueEmail("nobody");
    const [known, unknown] = [await askForReset(email), await askForReset(stranger)];
    for (const response of [known, unknown]) {
      expect(response.status).toBe(200);
      expect(response.json).toEqual(ANSWER);
      expect(response.setCookies).toEqual([]);
    }
    expect(known.text).toBe(unknown.text);
    await auth.settle();
    expect(auth.inbox.to(stranger)).toEqual([]);
    const [mail] = auth.inbox.to(email);
    expect(mail?.from).toBe("tasks@example.test");
    expect(mail?.raw).toMatch(/Subject: Reset your Tasks password/);
    expect(mail?.raw).toMatch(/Content-Type: text\/plain/);
    expect(mail?.raw).toMatch(/Content-Type: text\/html/);
    const { url } = await linkFor(email);
    expect(`${url.origin}${url.pathname}`).toBe(`${WEB_URL}/reset-password`);
    expect(mail?.raw).toMatch(/within 1 hour/);
  });

  it("answers before the mail is sent, so a slow mail server shows in neither case", async () => {
    const { email } = await signUp();
    auth.inbox.delay(800);
    try {
      const samples: Record<"known" | "unknown", number[]> = { known: [], unknown: [] };
      for (let i = 0; i < 7; i++) {
        samples.known.push((await askForReset(email)).ms);
        samples.unknown.push((await askForReset(uniqueEmail("nobody"))).ms);
      }
      const median = (values: number[]) => values.sort((a, b) => a - b)[3] as number;
      expect(median(samples.known)).toBeLessThan(400);
      expect(median(samples.unknown)).toBeLessThan(400);
      // The same work either way (two throttle counts and the body check): no wait of the
      // mail's or a hash's size in one of them. A ratio of medians of a few ms each is noise.
      expect(Math.abs(median(samples.known) - median(samples.unknown))).toBeLessThan(100);
      await auth.settle();
    } finally {
      auth.inbox.delay(0);
    }
    expect(auth.inbox.to(email)).toHaveLength(7);
  });

  it("checks the email like sign-up does, naming the field", async () => {
    for (const email of ["not-an-email", "", "a\u0000@example.com"]) {
      const response = await askForReset(email);
      expect(response.status).toBe(400);
      expect(response.json).toMatchObject({ code: "VALIDATION_ERROR", field: "email" });
    }
    const extra = await auth.call("/request-password-reset", {
      body: { email: "a@example.com", callbackURL: "/elsewhere" },
    });
    expect(extra.json).toMatchObject({ field: "callbackURL" });
    const elsewhere = await auth.call("/request-password-reset", {
      body: { email: "a@example.com", redirectTo: "https://evil.example/reset" },
    });
    expect(elsewhere.status).toBe(403);
  });

  it("answers the same when the mail server fails, and leaves no usable link", async () => {
    const { email } = await signUp();
    auth.inbox.refuse(true);
    try {
      const response = await askForReset(email);
      expect(response.json).toEqual(ANSWER);
      await auth.settle();
    } finally {
      auth.inbox.refuse(false);
    }
    const users = await auth.db.select().from(schema.user).where(eq(schema.user.email, email));
    const links = await auth.db
      .select()
      .from(schema.verification)
      .where(eq(schema.verification.value, users[0]?.id ?? ""));
    expect(links).toEqual([]);
  });

  it("refuses other sites", async () => {
    const response = await auth.call("/request-password-reset", {
      body: { email: "a@example.com" },
      headers: { origin: "https://evil.example" },
    });
    expect(response.status).toBe(403);
  });
});

describe("resetting with the link", () => {
  it("sets the password, ends every session, signs no one in, and works once", async () => {
    const { email, cookie } = await signUp();
    const phone = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    await askForReset(email);
    const { token } = await linkFor(email);
    const newPassword = "a whole new password";
    const response = await auth.call("/reset-password", { body: { token, newPassword } });
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: true });
    expect(response.setCookies).toEqual([]);
    for (const c of [cookie, phone.cookie]) {
      expect((await auth.call("/get-session", { cookie: c })).json).toBeNull();
    }
    const signIn = (password: string) => auth.call("/sign-in/email", { body: { email, password } });
    expect((await signIn(PASSWORD)).status).toBe(401);
    expect((await signIn(newPassword)).status).toBe(200);

    const again = await auth.call("/reset-password", {
      body: { token, newPassword: "x".repeat(9) },
    });
    expect(again.status).toBe(400);
    expect(again.json).toEqual({
      code: "INVALID_TOKEN",
      message: "This reset link has expired or was already used",
      field: "token",
    });
  });

  it("refuses an expired link with the same words", async () => {
    const { email } = await signUp();
    await askForReset(email);
    const { token } = await linkFor(email);
    await auth.db
      .update(schema.verification)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(like(schema.verification.identifier, `%${token}`));
    const response = await auth.call("/reset-password", {
      body: { token, newPassword: "a whole new password" },
    });
    expect(response.json).toMatchObject({
      message: "This reset link has expired or was already used",
    });
  });

  it("holds the new password to the rules, and the link stays usable", async () => {
    const { email } = await signUp();
    await askForReset(email);
    const { token } = await linkFor(email);
    const short = await auth.call("/reset-password", { body: { token, newPassword: "short" } });
    expect(short.status).toBe(400);
    expect(short.json).toMatchObject({
      field: "newPassword",
      message: "New password must be at least 8 characters",
    });
    const ok = await auth.call("/reset-password", { body: { token, newPassword: "long enough" } });
    expect(ok.status).toBe(200);
  });
});

describe("only the newest link works (on every instance)", () => {
  const NEW = "a whole new password";
  type Instance = Pick<MailingAuthHarness, "call">;
  const reset = (token: string, on: Instance = auth) =>
    on.call("/reset-password", { body: { token, newPassword: NEW } });
  const refused = {
    code: "INVALID_TOKEN",
    message: "This reset link has expired or was already used",
  };

  /** Asks for a link (on `on`) and returns its token, once the mail has arrived. */
  async function freshLink(email: string, on: Instance = auth) {
    await on.call("/request-password-reset", { body: { email } });
    return (await linkFor(email)).token;
  }

  it("asking again voids the earlier link, whichever instance is asked", async () => {
    const other = auth.startInstance();
    const { email } = await signUp();
    const first = await freshLink(email);
    const second = await freshLink(email, other);
    expect(second).not.toBe(first);
    expect((await reset(first, other)).json).toMatchObject(refused);
    expect((await reset(first)).json).toMatchObject(refused);
    expect((await reset(second)).status).toBe(200);
    expect((await reset(first, other)).json).toMatchObject(refused);
  });

  it("changing the password voids the link", async () => {
    const { email, cookie } = await signUp();
    const token = await freshLink(email);
    const changed = await auth.call("/change-password", {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: "changed meanwhile" },
    });
    expect(changed.status).toBe(200);
    expect((await reset(token)).json).toMatchObject(refused);
  });

  for (const [event, end] of [
    ["signing out", (cookie: string) => auth.call("/sign-out", { cookie, body: {} })],
    [
      "signing out everywhere",
      (cookie: string) => auth.call("/revoke-sessions", { cookie, body: {} }),
    ],
    [
      "signing out everywhere else",
      (cookie: string) => auth.call("/revoke-other-sessions", { cookie, body: {} }),
    ],
  ] as const) {
    it(`${event} voids the link`, async () => {
      const { email, cookie } = await signUp();
      await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
      const token = await freshLink(email);
      expect((await end(cookie)).status).toBe(200);
      expect((await reset(token)).json).toMatchObject(refused);
    });
  }

  it("signing a device out voids the link", async () => {
    const { email, cookie } = await signUp();
    const phone = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    const token = await freshLink(email);
    const sessions = (await auth.call("/list-sessions", { cookie })).json as unknown as {
      id: string;
    }[];
    const current = ((await auth.call("/get-session", { cookie })).json.session as { id: string })
      .id;
    const handle = sessions.find((session) => session.id !== current)?.id;
    expect((await auth.call("/revoke-session", { cookie, body: { token: handle } })).status).toBe(
      200,
    );
    expect((await auth.call("/get-session", { cookie: phone.cookie })).json).toBeNull();
    expect((await reset(token)).json).toMatchObject(refused);
  });

  it("signing in does not void it", async () => {
    const { email } = await signUp();
    const token = await freshLink(email);
    expect(
      (await auth.call("/sign-in/email", { body: { email, password: PASSWORD } })).status,
    ).toBe(200);
    expect((await reset(token)).status).toBe(200);
  });
});
