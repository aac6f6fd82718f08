/**
 * The security log (SPEC R-M9) and security mail (R-M10) through the auth route as Next.js
 * calls it, on a real database, with mail received by a real SMTP server on loopback: each
 * event written by the action that makes it (and not at the password step of a two-step
 * sign-in), newest first, no secret in any row, kept 90 days, in "Download my data", one
 * person's only; each mail once, with the right words and no link but /account.
 */

import { schema } from "@tasks/db";
import { desc, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type MailingAuthHarness,
  startMailingAuthHarness,
  WEB_URL,
} from "./testing/auth-harness.ts";
import { PASSWORD, signUp as signUpPerson, uniqueEmail } from "./testing/people.ts";
import type { ReceivedMail } from "./testing/smtp-inbox.ts";
import { softwareAuthenticator } from "./testing/software-authenticator.ts";
import { authenticator } from "./testing/two-factor.ts";

let auth: MailingAuthHarness;
beforeAll(async () => {
  auth = await startMailingAuthHarness();
});
afterAll(() => auth?.close());

const LAPTOP = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
const PHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

const signUp = (userAgent = LAPTOP) =>
  signUpPerson(auth.call, { tag: "log", name: "Ada", userAgent });

const signIn = (email: string, userAgent = LAPTOP, password = PASSWORD, cookie?: string) =>
  auth.call("/sign-in/email", {
    body: { email, password },
    cookie,
    headers: { "user-agent": userAgent },
  });

async function eventsOf(userId: string) {
  await auth.settle();
  return auth.db
    .select()
    .from(schema.securityEvent)
    .where(eq(schema.securityEvent.userId, userId))
    .orderBy(desc(schema.securityEvent.createdAt));
}
const typesOf = async (userId: string) => (await eventsOf(userId)).map((event) => event.type);

async function mailsTo(email: string): Promise<ReceivedMail[]> {
  await auth.settle();
  return auth.inbox.to(email);
}

/** Every address a mail links to or names. */
const linksIn = (mail: ReceivedMail) => mail.raw.match(/https?:\/\/[^\s"<>]+/g) ?? [];

/** Turns two-step verification on as R-M1 does: password, then a code from the app. */
async function enableTwoFactor(cookie: string) {
  const enabled = await auth.call("/two-factor/enable", { cookie, body: { password: PASSWORD } });
  expect(enabled.status).toBe(200);
  const uri = enabled.json.totpURI as string;
  const verified = await auth.call("/two-factor/verify-totp", {
    cookie,
    body: { code: await authenticator(uri).previousCode() },
    headers: { "user-agent": LAPTOP },
  });
  expect(verified.status).toBe(200);
  return {
    uri,
    backupCodes: enabled.json.backupCodes as string[],
    cookie: verified.cookie ?? cookie,
  };
}

/** The pending second step's cookie after a correct password. */
async function passwordStep(email: string, userAgent = LAPTOP) {
  const response = await signIn(email, userAgent);
  expect(response.status).toBe(200);
  expect(response.json).toMatchObject({ twoFactorRedirect: true });
  const pending = response.setCookies.find((c) => c.startsWith("better-auth.two_factor="));
  return (pending as string).split(";")[0] as string;
}

describe("sign-ins", () => {
  it("logs sign-up as the first sign-in, without mail", async () => {
    const { email, userId } = await signUp();
    const [event] = await eventsOf(userId);
    expect(event).toMatchObject({
      type: "sign-in",
      ipAddress: "203.0.113.10",
      userAgent: LAPTOP,
      detail: { factors: "password", signUp: true },
    });
    expect(await mailsTo(email)).toEqual([]);
  });

  it("mails a sign-in from a new device once, and not from a known one", async () => {
    const { email, userId } = await signUp();
    expect((await signIn(email, LAPTOP)).status).toBe(200);
    expect(await mailsTo(email)).toEqual([]);
    expect((await signIn(email, PHONE)).status).toBe(200);
    expect((await signIn(email, PHONE)).status).toBe(200);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    const raw = mails[0]?.raw ?? "";
    expect(raw).toMatch(/Subject: New sign-in to your Tasks account/);
    expect(raw).toContain("from a device not seen before");
    expect(raw).toMatch(/When: \d{1,2} \w{3} \d{4}, \d{2}:\d{2} UTC/);
    expect(raw).toContain("Device: Safari on iOS, address 203.0.113.10");
    expect(raw).toContain("change your password");
    expect(raw).not.toContain("iPhone OS 17_5");
    expect(new Set(linksIn(mails[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));
    expect(await typesOf(userId)).toEqual(["sign-in", "sign-in", "sign-in", "sign-in"]);
  });

  it("logs a refused password of an existing account, and nothing for an unknown email", async () => {
    const { email, userId } = await signUp();
    await auth.settle(); // the sign-up's own event, written beside its answer
    const before = (await auth.db.select().from(schema.securityEvent)).length;
    expect((await signIn(email, LAPTOP, "not my password")).status).toBe(401);
    expect((await signIn(uniqueEmail("nobody"), LAPTOP)).status).toBe(401);
    expect(await typesOf(userId)).toEqual(["sign-in.failed", "sign-in"]);
    expect((await auth.db.select().from(schema.securityEvent)).length).toBe(before + 1);
  });

  it("adds nothing to requests that change no access", async () => {
    const { cookie, userId } = await signUp();
    const before = await typesOf(userId);
    for (const path of ["/get-session", "/token", "/list-sessions"]) {
      expect((await auth.call(path, { cookie })).status, path).toBe(200);
    }
    expect(await typesOf(userId)).toEqual(before);
  });
});

describe("password and sessions", () => {
  it("logs and mails a password change; the sessions it ends, by another device", async () => {
    const { email, userId, cookie } = await signUp();
    expect((await signIn(email, PHONE)).status).toBe(200);
    await mailsTo(email);
    auth.inbox.received.length = 0;
    const changed = await auth.call("/change-password", {
      cookie,
      body: {
        currentPassword: PASSWORD,
        newPassword: "a much better password",
        revokeOtherSessions: true,
      },
      headers: { "user-agent": LAPTOP },
    });
    expect(changed.status).toBe(200);
    const events = await eventsOf(userId);
    expect(events.slice(0, 2).map((e) => [e.type, e.detail])).toEqual(
      expect.arrayContaining([
        ["password.changed", {}],
        ["session.ended", { by: "another device" }],
      ]),
    );
    // The ended session's own device and address; the one the change replaced is not listed.
    expect(events.filter((e) => e.type === "session.ended")).toHaveLength(1);
    expect(events.find((e) => e.type === "session.ended")?.userAgent).toBe(PHONE);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toMatch(/Subject: Your Tasks password was changed/);
    expect(mails[0]?.raw).toContain("Device: Firefox on Linux, address 203.0.113.10");
    expect(new Set(linksIn(mails[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));
  });

  it("says who ended each session: this device, another one", async () => {
    const { email, userId, cookie } = await signUp();
    const phone = (await signIn(email, PHONE)).cookie as string;
    const tablet = (await signIn(email, PHONE)).cookie as string;
    const other = (await signIn(email, PHONE)).cookie as string;
    const sessions = (await auth.call("/list-sessions", { cookie })).json as unknown as {
      token: string;
    }[];
    expect(sessions).toHaveLength(4);
    const phoneId = (await auth.call("/get-session", { cookie: phone })).json.session as {
      id: string;
    };
    expect(
      (await auth.call("/revoke-session", { cookie, body: { token: phoneId.id } })).status,
    ).toBe(200);
    expect((await auth.call("/sign-out", { cookie: tablet, body: {} })).status).toBe(200);
    expect((await auth.call("/revoke-other-sessions", { cookie, body: {} })).status).toBe(200);
    expect(other).toBeDefined();
    const ended = (await eventsOf(userId))
      .filter((e) => e.type === "session.ended")
      .map((e) => e.detail.by);
    expect(ended).toEqual(["another device", "this device", "another device"]);

    const again = (await signIn(email, PHONE)).cookie as string;
    expect(again).toBeDefined();
    expect((await auth.call("/revoke-sessions", { cookie, body: {} })).status).toBe(200);
    const last = (await eventsOf(userId)).filter((e) => e.type === "session.ended").slice(0, 2);
    expect(last.map((e) => e.detail.by).sort()).toEqual(["another device", "this device"]);
  });

  it("logs a reset asked for and used, and the sessions the reset ended", async () => {
    const { email, userId } = await signUp();
    expect((await auth.call("/request-password-reset", { body: { email } })).status).toBe(200);
    const mails = await mailsTo(email);
    const link = /reset-password\?token=([A-Za-z0-9%_-]+)/.exec(mails.at(-1)?.raw ?? "");
    const token = decodeURIComponent(link?.[1] ?? "");
    const reset = await auth.call("/reset-password", {
      body: { token, newPassword: "a brand new password" },
    });
    expect(reset.status).toBe(200);
    const types = await typesOf(userId);
    expect(types.slice(0, 3).sort()).toEqual(
      ["password-reset.requested", "password-reset.used", "session.ended"].sort(),
    );
    expect(types.indexOf("password-reset.requested")).toBeGreaterThan(
      types.indexOf("password-reset.used"),
    );
    // Told as a change of password is (R-M10), with what to do if it was not them.
    const told = (await mailsTo(email)).filter((m) =>
      /Subject: Your Tasks password was reset/.test(m.raw),
    );
    expect(told).toHaveLength(1);
    expect(told[0]?.raw).toContain("secure your email account first");
    expect(new Set(linksIn(told[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));
  });
});

describe("two-step verification", () => {
  it("logs turning it on, not the password step, then the second step as the sign-in", async () => {
    const { email, userId, cookie } = await signUp();
    const { uri } = await enableTwoFactor(cookie);
    const turnedOn = ["two-factor.enabled", "recovery-codes.created", "sign-in"];
    expect(await typesOf(userId)).toEqual(turnedOn);
    expect((await eventsOf(userId))[1]?.detail).toEqual({ count: 10, setUp: true });

    const pending = await passwordStep(email, PHONE);
    // The password step alone is no sign-in: no event, no mail (R-M2).
    expect(await typesOf(userId)).toEqual(turnedOn);
    expect(await mailsTo(email)).toEqual([]);

    const wrong = await auth.call("/two-factor/verify-totp", {
      cookie: pending,
      body: { code: "000000" },
      headers: { "user-agent": PHONE },
    });
    expect(wrong.status).toBe(401);
    expect(await typesOf(userId)).toEqual(["second-step.failed", ...turnedOn]);

    const verified = await auth.call("/two-factor/verify-totp", {
      cookie: pending,
      body: { code: authenticator(uri).code(), trustDevice: true },
      headers: { "user-agent": PHONE },
    });
    expect(verified.status).toBe(200);
    const events = await eventsOf(userId);
    expect(
      events
        .slice(0, 2)
        .map((e) => e.type)
        .sort(),
    ).toEqual(["sign-in", "trusted-device.added"].sort());
    expect(events.find((e) => e.type === "sign-in")?.detail).toMatchObject({
      factors: "password and authenticator app",
    });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toMatch(/Subject: New sign-in to your Tasks account/);

    // The trusted device skips the second step: the password alone signs in, and says so.
    const trust = verified.setCookies.find((c) => c.startsWith("better-auth.trust_device="));
    const again = await signIn(email, PHONE, PASSWORD, trust?.split(";")[0]);
    expect(again.json).not.toHaveProperty("twoFactorRedirect");
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "sign-in",
      detail: { factors: "password on a trusted device" },
    });
    expect(await mailsTo(email)).toHaveLength(1);

    // Removing the trust (session-assurance.ts's endpoint) is logged too.
    const listed = await auth.call("/trusted-devices", { cookie: again.cookie });
    const [device] = listed.json as unknown as { id: string }[];
    const removed = await auth.call("/trusted-devices/remove", {
      cookie: again.cookie,
      body: { id: device?.id },
    });
    expect(removed.status, removed.text).toBe(200);
    expect((await eventsOf(userId))[0]).toMatchObject({ type: "trusted-device.removed" });

    // Trusted again, then forgotten with the password change: logged, with how many and why.
    const pendingAgain = await passwordStep(email, PHONE);
    const trustedAgain = await auth.call("/two-factor/verify-totp", {
      cookie: pendingAgain,
      body: { code: authenticator(uri).code(1), trustDevice: true },
      headers: { "user-agent": PHONE },
    });
    expect(trustedAgain.status, trustedAgain.text).toBe(200);
    const changed = await auth.call("/change-password", {
      cookie: trustedAgain.cookie,
      body: { currentPassword: PASSWORD, newPassword: `${PASSWORD} changed` },
      headers: { "user-agent": PHONE },
    });
    expect(changed.status, changed.text).toBe(200);
    const forgotten = (await eventsOf(userId)).find((e) => e.type === "trusted-device.removed");
    expect(forgotten?.detail).toEqual({ count: 1, because: "password changed" });
  });

  it("logs recovery codes made and used (with how many are left) and mails the use", async () => {
    const { email, userId, cookie: first } = await signUp();
    const { cookie } = await enableTwoFactor(first);
    const made = await auth.call("/two-factor/generate-backup-codes", {
      cookie,
      body: { password: PASSWORD },
    });
    expect(made.status).toBe(200);
    const codes = made.json.backupCodes as string[];
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "recovery-codes.created",
      detail: { count: codes.length },
    });

    const pending = await passwordStep(email);
    const wrong = await auth.call("/two-factor/verify-backup-code", {
      cookie: pending,
      body: { code: "aaaaa-bbbbb" },
    });
    expect(wrong.status).toBe(401);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "second-step.failed",
      detail: { method: "recovery code" },
    });
    const used = await auth.call("/two-factor/verify-backup-code", {
      cookie: pending,
      body: { code: codes[0] },
      headers: { "user-agent": LAPTOP },
    });
    expect(used.status).toBe(200);
    const events = await eventsOf(userId);
    const byType = Object.fromEntries(events.slice(0, 2).map((e) => [e.type, e.detail]));
    expect(byType).toEqual({
      // With the session's amr as session-assurance.ts stamped it.
      "sign-in": expect.objectContaining({ factors: "password and recovery code" }),
      "recovery-code.used": { left: codes.length - 1 },
    });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toMatch(/Subject: A recovery code was used/);
    expect(mails[0]?.raw).toContain(`Recovery codes left: ${codes.length - 1}`);
    expect(mails[0]?.raw).not.toContain(codes[0]);
    expect(new Set(linksIn(mails[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));

    // Signed in, a recovery code is checked through the session: logged with its count too.
    const signedIn = await auth.call("/two-factor/verify-backup-code", {
      cookie: used.cookie,
      body: { code: codes[1] },
    });
    expect(signedIn.status).toBe(200);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "recovery-code.used",
      detail: { left: codes.length - 2 },
    });
  });

  it("logs and mails turning it off", async () => {
    const { email, userId, cookie: first } = await signUp();
    const { cookie } = await enableTwoFactor(first);
    const off = await auth.call("/two-factor/disable", { cookie, body: { password: PASSWORD } });
    expect(off.status).toBe(200);
    // The plugin replaces the session: that is no session ended.
    expect(await typesOf(userId)).toEqual([
      "two-factor.disabled",
      "two-factor.enabled",
      "recovery-codes.created",
      "sign-in",
    ]);
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toMatch(/Subject: Two-step verification was turned off/);
    expect(new Set(linksIn(mails[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));
  });

  it("logs the lockout once, when the tenth wrong code starts it", async () => {
    const { email, userId, cookie } = await signUp();
    await enableTwoFactor(cookie);
    for (let round = 0; round < 2; round++) {
      const pending = await passwordStep(email);
      for (let i = 0; i < 5; i++) {
        const wrong = await auth.call("/two-factor/verify-totp", {
          cookie: pending,
          body: { code: "000000" },
        });
        expect(wrong.status).toBe(401);
      }
    }
    const pending = await passwordStep(email);
    const locked = await auth.call("/two-factor/verify-totp", {
      cookie: pending,
      body: { code: "000000" },
    });
    expect(locked.status).toBe(429);
    const types = await typesOf(userId);
    expect(types.filter((t) => t === "second-step.failed")).toHaveLength(10);
    expect(types.filter((t) => t === "second-step.locked")).toHaveLength(1);
    expect(types[0]).toBe("second-step.locked");
  });

  it("logs the lockout once when the wrong codes that start it arrive together", async () => {
    const { email, userId, cookie } = await signUp();
    await enableTwoFactor(cookie);
    const wrongCode = (pending: string | undefined) =>
      auth.call("/two-factor/verify-totp", { cookie: pending, body: { code: "000000" } });
    const first = await passwordStep(email);
    for (let i = 0; i < 5; i++) expect((await wrongCode(first)).status).toBe(401);
    // The last five on five pending sign-ins at once: several see the lock they end in.
    const pendings = [];
    for (let i = 0; i < 5; i++) pendings.push(await passwordStep(email));
    const answers = await Promise.all(pendings.map(wrongCode));
    // Five checks fit the budget's last five, in any order: each is checked and counted.
    expect(answers.map((answer) => answer.status)).toEqual([401, 401, 401, 401, 401]);
    const types = await typesOf(userId);
    expect(types.filter((t) => t === "second-step.locked")).toHaveLength(1);
    expect(await mailsTo(email)).toHaveLength(1);
    const locked = await wrongCode(await passwordStep(email));
    expect(locked.status).toBe(429);
  });
});

/** Cookies a response set, as `name=value; …` for the next call, after `cookie`. */
const withCookies = (cookie: string | undefined, setCookies: string[]) =>
  [cookie, ...setCookies.map((c) => c.split(";")[0])].filter(Boolean).join("; ");

describe("passkeys", () => {
  it("logs and mails a passkey added, logs its sign-in and its removal", async () => {
    const { email, userId, cookie } = await signUp();
    const key = softwareAuthenticator({ rpId: new URL(WEB_URL).hostname, origin: WEB_URL });
    const options = await auth.call("/passkey/generate-register-options", { cookie });
    expect(options.status).toBe(200);
    const added = await auth.call("/passkey/verify-registration", {
      cookie: withCookies(cookie, options.setCookies),
      body: { response: key.create(options.json as never), name: "Work laptop" },
      headers: { "user-agent": LAPTOP },
    });
    expect(added.status, added.text).toBe(200);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "passkey.added",
      detail: { name: "Work laptop" },
    });
    const mails = await mailsTo(email);
    expect(mails).toHaveLength(1);
    expect(mails[0]?.raw).toMatch(/Subject: A passkey was added to your Tasks account/);
    // A name anyone could choose is not mailed.
    expect(mails[0]?.raw).not.toContain("Work laptop");
    // A passkey outlives a new password: the advice removes it first.
    expect(mails[0]?.raw).toMatch(/If this was not you, remove that passkey right away/);
    expect(new Set(linksIn(mails[0] as ReceivedMail))).toEqual(new Set([`${WEB_URL}/account`]));

    const challenge = await auth.call("/passkey/generate-authenticate-options", {});
    expect(challenge.status).toBe(200);
    const signedIn = await auth.call("/passkey/verify-authentication", {
      cookie: withCookies(undefined, challenge.setCookies),
      body: { response: key.get(challenge.json as never) },
      headers: { "user-agent": LAPTOP },
    });
    expect(signedIn.status, signedIn.text).toBe(200);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "sign-in",
      detail: { factors: "passkey" },
    });

    // A passkey of theirs whose answer does not verify is a failed sign-in of theirs (R-M9).
    const next = await auth.call("/passkey/generate-authenticate-options", {});
    const forged = key.get(next.json as never) as { response: { signature: string } };
    const signature = forged.response.signature;
    forged.response.signature = `${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const refused = await auth.call("/passkey/verify-authentication", {
      cookie: withCookies(undefined, next.setCookies),
      body: { response: forged },
      headers: { "user-agent": PHONE },
    });
    expect(refused.status).toBeGreaterThanOrEqual(400);
    expect(refused.status).toBeLessThan(500);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "sign-in.failed",
      detail: { method: "passkey" },
    });

    const id = (added.json as { id: string }).id;
    const removed = await auth.call("/passkey/delete-passkey", { cookie, body: { id } });
    expect(removed.status).toBe(200);
    expect((await eventsOf(userId))[0]).toMatchObject({
      type: "passkey.removed",
      detail: { name: "Work laptop" },
    });
    // Known device, no more mail.
    expect(await mailsTo(email)).toHaveLength(1);
  });
});

describe("the log itself", () => {
  it("holds no password, code, token or secret", async () => {
    const { email, userId, cookie: first } = await signUp();
    const { cookie, backupCodes, uri } = await enableTwoFactor(first);
    const pending = await passwordStep(email, PHONE);
    await auth.call("/two-factor/verify-backup-code", {
      cookie: pending,
      body: { code: backupCodes[1] },
    });
    await auth.call("/change-password", {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: "another good password" },
    });
    const rows = await eventsOf(userId);
    expect(rows.length).toBeGreaterThan(4);
    const tokens = (
      await auth.db.execute<{ token: string }>(sql`select token from session`)
    ).rows.map((row) => row.token);
    const stored = JSON.stringify(rows);
    const secrets = [
      PASSWORD,
      "another good password",
      new URL(uri).searchParams.get("secret") as string,
      ...backupCodes,
      ...tokens,
      decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] as string,
      decodeURIComponent(pending.split("=")[1] ?? "").split(".")[0] as string,
    ];
    for (const secret of secrets) expect(stored).not.toContain(secret);
  });

  it("is newest first, the person's own only, in the page's list and the download", async () => {
    const { listSecurityActivityOf } = await import("./security-events.ts");
    const ada = await signUp();
    const bob = await signUp(PHONE);
    expect((await signIn(ada.email, PHONE)).status).toBe(200);
    expect((await signIn(bob.email, LAPTOP, "wrong password")).status).toBe(401);
    await auth.settle();

    const page = await listSecurityActivityOf(ada.userId, 20);
    expect(page.map((e) => e.what)).toEqual([
      "Signed in with password",
      "Account created, signed in with password",
    ]);
    expect(page[0]).toMatchObject({ device: "Safari on iOS", ipAddress: "203.0.113.10" });
    expect(page[1]).toMatchObject({ device: "Firefox on Linux" });
    expect(page[0]).not.toHaveProperty("userAgent");
    expect(await listSecurityActivityOf(ada.userId, 1)).toHaveLength(1);
    const times = page.map((e) => Date.parse(e.createdAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const route = await import("../app/api/account/data/route.ts");
    const download = await route.GET(
      new Request(`${WEB_URL}/api/account/data`, {
        headers: { cookie: ada.cookie, "user-agent": LAPTOP, "x-forwarded-for": "198.51.100.7" },
      }),
    );
    expect(download.status).toBe(200);
    const data = (await download.json()) as {
      securityActivity: { type: string; what: string; createdAt: string; device: string }[];
    };
    expect(data.securityActivity.map((e) => e.type)).toEqual([
      "data.downloaded",
      "sign-in",
      "sign-in",
    ]);
    expect(data.securityActivity[0]).toMatchObject({
      device: "Firefox on Linux",
      ipAddress: "198.51.100.7",
      what: "Data downloaded",
    });
    for (const event of data.securityActivity) {
      expect(event.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(event).not.toHaveProperty("userAgent");
      expect(event).not.toHaveProperty("userId");
    }
    // Bob's refused sign-in is his alone.
    expect(JSON.stringify(data)).not.toContain(bob.userId);
    expect((await listSecurityActivityOf(bob.userId)).map((e) => e.type)).toEqual([
      "sign-in.failed",
      "sign-in",
    ]);
  });
});

describe("housekeeping", () => {
  it("keeps events 90 days, and logs each expired session it deletes, in its round", async () => {
    const { runHousekeeping } = await import("./housekeeping.ts");
    const { recordSecurityEvent } = await import("./security-events.ts");
    const { userId, cookie } = await signUp(PHONE);
    const day = 86_400_000;
    await recordSecurityEvent({
      userId,
      type: "data.downloaded",
      createdAt: new Date(Date.now() - 91 * day),
    });
    await recordSecurityEvent({
      userId,
      type: "password.changed",
      createdAt: new Date(Date.now() - 89 * day),
    });
    const sid = ((await auth.call("/get-session", { cookie })).json.session as { id: string }).id;
    await auth.db.execute(
      sql`update session set expires_at = now() - interval '1 minute' where id = ${sid}`,
    );
    const round = await runHousekeeping(auth.db, {
      revocationRetentionSeconds: 3600,
      keyGraceSeconds: 86_400,
    });
    expect(round?.securityEvents).toBeGreaterThanOrEqual(1);
    const events = await eventsOf(userId);
    // Dated when the session expired, with that session's device.
    expect(events.map((e) => e.type)).toEqual(["sign-in", "session.ended", "password.changed"]);
    const ended = events[1];
    expect(ended).toMatchObject({ detail: { by: "expiry" }, userAgent: PHONE });
    const signedIn = events[0]?.createdAt.getTime() ?? 0;
    expect(ended?.createdAt.getTime()).toBeGreaterThan(signedIn - 70_000);
    expect(ended?.createdAt.getTime()).toBeLessThan(signedIn - 50_000);
  });
});
