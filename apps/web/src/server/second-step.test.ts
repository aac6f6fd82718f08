/**
 * The second step on Better Auth's twoFactor plugin with our rules (R-M1–R-M4), end to end
 * through the auth route on a real database and a real SMTP server: no session before the
 * second factor, each TOTP step taken once on every instance, recovery codes hashed, used
 * once and counted, 5 tries per pending sign-in, 10 failures lock the step and mail once.
 */
import { schema } from "@tasks/db";
import { eq, sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { normaliseRecoveryCode } from "./recovery-codes.ts";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";
import { resetLinkIn, type SmtpInbox, startSmtpInbox } from "./testing/smtp-inbox.ts";
import {
  cookieNamed,
  enrolledPerson,
  PASSWORD,
  SESSION_COOKIE,
  startOfStep,
  startSignIn,
  uniqueEmail,
  verifyRecoveryCode,
  verifyTotp,
} from "./testing/two-factor.ts";

let inbox: SmtpInbox;
let auth: AuthHarness;
/** A second web instance on the same database, as behind a load balancer. */
let other: AuthHarness["call"];
const logged: { event?: string; outcome?: string }[] = [];

beforeAll(async () => {
  inbox = await startSmtpInbox();
  auth = await startAuthHarness({ SMTP_URL: inbox.url, MAIL_FROM: "Tasks <tasks@example.test>" });
  other = auth.startInstance().call;
});
afterAll(async () => {
  vi.useRealTimers();
  await auth?.close();
  await inbox?.close();
});
// The clock (Date only) a few seconds into a fresh TOTP step: no test crosses a step's edge.
beforeEach(async () => {
  const { logger } = await import("./logger.ts");
  vi.spyOn(logger(), "info").mockImplementation(((fields: object) => {
    logged.push(fields as (typeof logged)[number]);
  }) as never);
  const now = Date.now();
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(startOfStep(now));
  logged.length = 0;
});
afterEach(() => {
  vi.useRealTimers();
});

async function twoFactorRowOf(email: string) {
  const [row] = await auth.db
    .select({ twoFactor: schema.twoFactor })
    .from(schema.twoFactor)
    .innerJoin(schema.user, eq(schema.user.id, schema.twoFactor.userId))
    .where(eq(schema.user.email, email));
  return row?.twoFactor;
}

/** Every row of every table in the database, as text. */
async function everythingStored(): Promise<string> {
  const tables = await auth.db.execute<{ name: string }>(
    sql`select table_name as name from information_schema.tables where table_schema = 'public'`,
  );
  const texts: string[] = [];
  for (const { name } of tables.rows) {
    const rows = await auth.db.execute<{ text: string }>(
      sql`select t::text as text from ${sql.identifier(name)} t`,
    );
    texts.push(...rows.rows.map((row) => row.text));
  }
  return texts.join("\n");
}

describe("turning it on", () => {
  it("shows 10 recovery codes of 120 bits, stored (like the secret) never in clear", async () => {
    const { email, app, recoveryCodes } = await enrolledPerson(auth.call);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) {
      // 24 characters of Crockford's base32 alphabet: 120 bits (ASVS 6.5.2 asks for 112).
      expect(code).toMatch(/^([0-9a-hjkmnp-tv-z]{4}-){5}[0-9a-hjkmnp-tv-z]{4}$/);
    }
    const row = await twoFactorRowOf(email);
    const stored = JSON.parse(row?.backupCodes ?? "") as string[];
    expect(stored).toHaveLength(10);
    for (const entry of stored) expect(entry).toMatch(/^h0:[A-Za-z0-9_-]{43}$/);
    const database = await everythingStored();
    const rawSecret = Buffer.from(app.key).toString("utf8");
    for (const secret of [app.secret, rawSecret]) expect(database).not.toContain(secret);
    for (const code of recoveryCodes) {
      expect(database).not.toContain(code);
      expect(database).not.toContain(normaliseRecoveryCode(code));
    }
  });

  it("turns on only after a right code; before that, sign-in needs no second step", async () => {
    const email = uniqueEmail();
    const signedUp = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    const enabled = await auth.call("/two-factor/enable", {
      body: { password: PASSWORD },
      cookie: signedUp.cookie,
    });
    expect(enabled.status).toBe(200);
    const wrong = await verifyTotp(auth.call, signedUp.cookie, "000000");
    expect(wrong.status).toBe(401);
    const { response } = await startSignIn(auth.call, email);
    expect(response.json.twoFactorRedirect).toBeUndefined();
    expect(cookieNamed(response.setCookies, SESSION_COOKIE)).toBeDefined();
  });
});

describe("signing in", () => {
  it("asks for the second step with no session, session cookie or token before it", async () => {
    const { email } = await enrolledPerson(auth.call);
    logged.length = 0;
    const { response, pending } = await startSignIn(auth.call, email);
    expect(response.json).toEqual({ twoFactorRedirect: true, twoFactorMethods: ["totp"] });
    expect(pending).toBeDefined();
    expect(cookieNamed(response.setCookies, SESSION_COOKIE)).toBeUndefined();
    expect(response.text).not.toMatch(/token/i);
    const session = await auth.call("/get-session", { cookie: pending });
    expect(session.json ?? null).toBeNull();
    expect((await auth.call("/token", { cookie: pending })).status).toBe(401);
    expect(logged.map((line) => line.event)).toEqual(["auth.sign-in.second-factor-required"]);
  });

  it("takes each code's step once, on every instance, and counts a replay as a wrong code", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    logged.length = 0;
    const first = await startSignIn(auth.call, email);
    const signedIn = await verifyTotp(auth.call, first.pending, app.code());
    expect(signedIn.status).toBe(200);
    // The session is in the cookie only: answers never carry its token (decision 032).
    expect(signedIn.json.token).toBeUndefined();
    expect(cookieNamed(signedIn.setCookies, SESSION_COOKIE)).toBeDefined();

    const second = await startSignIn(other, email);
    for (const code of [app.code(), app.code(-1)]) {
      const replayed = await verifyTotp(other, second.pending, code);
      expect(replayed.status).toBe(401);
      expect(replayed.json.code).toBe("INVALID_CODE");
      expect(cookieNamed(replayed.setCookies, SESSION_COOKIE)).toBeUndefined();
    }
    expect((await twoFactorRowOf(email))?.failedVerificationCount).toBe(2);
    const next = await verifyTotp(other, second.pending, app.code(1));
    expect(next.status).toBe(200);
    expect((await twoFactorRowOf(email))?.failedVerificationCount).toBe(0);
    expect(logged.filter((line) => line.event === "auth.second-step")).toEqual(
      ["success", "failure", "failure", "success"].map((outcome) =>
        expect.objectContaining({ outcome }),
      ),
    );
  });

  it("takes a step once when two instances get the same code at once", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    const [a, b] = [await startSignIn(auth.call, email), await startSignIn(other, email)];
    const code = app.code();
    const answers = await Promise.all([
      verifyTotp(auth.call, a.pending, code),
      verifyTotp(other, b.pending, code),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 401]);
  });

  it("allows 5 tries per pending sign-in; the sixth is refused whatever the code", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    const { pending } = await startSignIn(auth.call, email);
    for (let i = 0; i < 5; i++) {
      expect((await verifyTotp(auth.call, pending, app.wrongCode())).status).toBe(401);
    }
    const sixth = await verifyTotp(auth.call, pending, app.code());
    expect(sixth.status).toBe(400);
    expect(sixth.json.code).toBe("TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE");
    const row = await twoFactorRowOf(email);
    expect(row?.failedVerificationCount).toBe(5);
    expect(row?.lockedUntil).toBeNull();
    // The right code was refused before it was checked: its step is still free.
    const again = await startSignIn(auth.call, email);
    expect((await verifyTotp(auth.call, again.pending, app.code())).status).toBe(200);
  });
});

describe("every way in (R-M6)", () => {
  it("still asks for the second step after a password reset", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    await auth.call("/request-password-reset", { body: { email } });
    await auth.settle();
    const link = resetLinkIn(inbox.to(email)[0] ?? { from: "", to: [], raw: "" }) as string;
    const token = new URL(link).searchParams.get("token");
    const newPassword = "a whole new password";
    const reset = await auth.call("/reset-password", { body: { token, newPassword } });
    expect(reset.status).toBe(200);
    expect(cookieNamed(reset.setCookies, SESSION_COOKIE)).toBeUndefined();
    const signIn = await auth.call("/sign-in/email", { body: { email, password: newPassword } });
    expect(signIn.json).toMatchObject({ twoFactorRedirect: true });
    expect(cookieNamed(signIn.setCookies, SESSION_COOKIE)).toBeUndefined();
    const pending = cookieNamed(signIn.setCookies, "better-auth.two_factor");
    expect((await verifyTotp(auth.call, pending, app.code())).status).toBe(200);
  });

  it("asks for no second step once it is turned off with the password", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    const { pending } = await startSignIn(auth.call, email);
    const signedIn = await verifyTotp(auth.call, pending, app.code());
    const session = cookieNamed(signedIn.setCookies, SESSION_COOKIE);
    const wrong = await auth.call("/two-factor/disable", {
      body: { password: "wrong" },
      cookie: session,
    });
    expect(wrong.status).toBe(400);
    const off = await auth.call("/two-factor/disable", {
      body: { password: PASSWORD },
      cookie: session,
    });
    expect(off.status).toBe(200);
    expect(await twoFactorRowOf(email)).toBeUndefined();
    const { response } = await startSignIn(auth.call, email);
    expect(response.json.twoFactorRedirect).toBeUndefined();
    expect(cookieNamed(response.setCookies, SESSION_COOKIE)).toBeDefined();
  });
});

describe("recovery codes", () => {
  it("work once, typed in any case or spacing, and say how many are left", async () => {
    const { email, recoveryCodes } = await enrolledPerson(auth.call);
    const [code, secondCode] = recoveryCodes as [string, string];
    const typed = ` ${code.toUpperCase().replaceAll("-", " ")} `;
    const first = await startSignIn(auth.call, email);
    const used = await verifyRecoveryCode(auth.call, first.pending, typed);
    expect(used.status, used.text).toBe(200);
    expect(used.json.recoveryCodesLeft).toBe(9);
    expect(cookieNamed(used.setCookies, SESSION_COOKIE)).toBeDefined();
    expect(JSON.parse((await twoFactorRowOf(email))?.backupCodes ?? "")).toHaveLength(9);

    const second = await startSignIn(other, email);
    const again = await verifyRecoveryCode(other, second.pending, code);
    expect(again.status).toBe(401);
    expect(again.json.code).toBe("INVALID_BACKUP_CODE");
    expect(again.json.recoveryCodesLeft).toBeUndefined();
    const next = await verifyRecoveryCode(other, second.pending, secondCode);
    expect(next.json.recoveryCodesLeft).toBe(8);
  });

  it("refuse a stored hash typed as a code", async () => {
    const { email } = await enrolledPerson(auth.call);
    const [stored] = JSON.parse((await twoFactorRowOf(email))?.backupCodes ?? "") as string[];
    const { pending } = await startSignIn(auth.call, email);
    const answer = await verifyRecoveryCode(auth.call, pending, stored as string);
    expect(answer.status).toBe(401);
    expect(JSON.parse((await twoFactorRowOf(email))?.backupCodes ?? "")).toHaveLength(10);
  });

  it("are replaced by new ones, also stored as hashes", async () => {
    const { email, app, recoveryCodes } = await enrolledPerson(auth.call);
    const { pending } = await startSignIn(auth.call, email);
    const signedIn = await verifyTotp(auth.call, pending, app.code());
    const renewed = await auth.call("/two-factor/generate-backup-codes", {
      body: { password: PASSWORD },
      cookie: cookieNamed(signedIn.setCookies, SESSION_COOKIE),
    });
    expect(renewed.status).toBe(200);
    const fresh = renewed.json.backupCodes as string[];
    expect(fresh).toHaveLength(10);
    const database = await everythingStored();
    for (const code of fresh) expect(database).not.toContain(code);
    const next = await startSignIn(auth.call, email);
    const old = await verifyRecoveryCode(auth.call, next.pending, recoveryCodes[0] as string);
    expect(old.status).toBe(401);
    const current = await verifyRecoveryCode(auth.call, next.pending, fresh[0] as string);
    expect(current.json.recoveryCodesLeft).toBe(9);
  });
});

describe("lockout", () => {
  const device = {
    "user-agent":
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36",
  };

  it("locks after 10 failures across pending sign-ins and instances, and mails once", async () => {
    const { email, app, recoveryCodes } = await enrolledPerson(auth.call);
    for (const call of [auth.call, other]) {
      const { pending } = await startSignIn(call, email);
      for (let i = 0; i < 5; i++) {
        const wrong =
          i % 2 === 0
            ? await verifyTotp(i < 3 ? auth.call : other, pending, app.wrongCode(), device)
            : await verifyRecoveryCode(other, pending, "0000-0000-0000-0000-0000-0000", device);
        expect(wrong.status).toBe(401);
      }
    }
    const row = await twoFactorRowOf(email);
    expect(row?.lockedUntil?.getTime()).toBe(Date.now() + 15 * 60_000);
    const { pending } = await startSignIn(auth.call, email);
    for (const answer of [
      await verifyTotp(other, pending, app.code()),
      await verifyRecoveryCode(auth.call, pending, recoveryCodes[0] as string),
    ]) {
      expect(answer.status).toBe(429);
      // Said by the route's guard, with when the step opens again.
      expect(answer.headers.get("retry-after")).toBe(String(15 * 60));
      expect(answer.json.message).toBe("Too many attempts. Try again in 15 minutes.");
    }
    await auth.settle();
    const mails = inbox.to(email);
    expect(mails).toHaveLength(1);
    const raw = mails[0]?.raw ?? "";
    expect(raw).toMatch(/Subject: Two-step verification locked on your Tasks account/);
    expect(raw).toContain("Chrome on Linux (address 203.0.113.10)");
    // As every mail says a time: "7 Dec 2026, 02:48 UTC".
    const until = new Date(Date.now() + 15 * 60_000).toISOString().slice(11, 16);
    expect(raw).toMatch(new RegExp(`locked until \\d{1,2} \\w{3} \\d{4}, ${until} UTC`));
    expect(raw).toMatch(/If this was not you, someone knows your password/);
    // Sentences are not broken at fixed places: mail programs wrap them to the screen.
    expect(raw).toContain("recovery codes, so two-step verification is locked for 15 minutes.");
    expect(raw).toContain(
      "<p>If this was not you, someone knows your password: change it now in your account settings, or ask",
    );
    expect(raw).not.toMatch(/https?:/);
    for (const code of [...recoveryCodes, app.code(), app.secret]) expect(raw).not.toContain(code);

    // Fifteen minutes later the step is open again, and the count starts from nothing.
    vi.setSystemTime(Date.now() + 15 * 60_000 + 1_000);
    const later = await startSignIn(auth.call, email);
    expect((await verifyTotp(auth.call, later.pending, app.code())).status).toBe(200);
    expect((await twoFactorRowOf(email))?.failedVerificationCount).toBe(0);
    await auth.settle();
    expect(inbox.to(email)).toHaveLength(1);
  });

  it("checks at most 10 codes when guesses arrive at once on many pending sign-ins", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    // An attacker with the password and 30 addresses: one pending sign-in each, then every
    // guess at once over two instances (the per-client throttle never counts past one).
    const address = (i: number) => ({ "x-forwarded-for": `198.18.0.${i + 1}` });
    const attempts = await Promise.all(
      Array.from({ length: 30 }, (_, i) => startSignIn(auth.call, email, address(i))),
    );
    // Authenticator codes and recovery codes alike: one budget for both (R-M4).
    const answers = await Promise.all(
      attempts.map(({ pending }, i) => {
        const call = i % 2 ? other : auth.call;
        return i % 3
          ? verifyTotp(call, pending, app.wrongCode(), address(i))
          : verifyRecoveryCode(call, pending, "0000-0000-0000-0000-0000-0000", address(i));
      }),
    );
    const statuses = answers.map((answer) => answer.status);
    expect(statuses.filter((status) => status === 401)).toHaveLength(10);
    expect(statuses.filter((status) => status === 429)).toHaveLength(20);
    for (const answer of answers.filter((a) => a.status === 429)) {
      // Said by the route's guard, as every refusal for too many attempts.
      expect(answer.json.code).toBe("TOO_MANY_REQUESTS");
      expect(Number(answer.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    const row = await twoFactorRowOf(email);
    expect(row?.lockedUntil?.getTime()).toBe(Date.now() + 15 * 60_000);
    expect(row?.failedVerificationCount).toBe(10);
    // Locked: the right code is refused too, and the person hears of it once.
    const { pending } = await startSignIn(auth.call, email, address(40));
    expect((await verifyTotp(other, pending, app.code(), address(40))).status).toBe(429);
    await auth.settle();
    expect(inbox.to(email)).toHaveLength(1);
  });

  it("keeps no claim from a check refused before the code is looked at", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    const { pending } = await startSignIn(auth.call, email);
    for (let i = 0; i < 5; i++) await verifyTotp(auth.call, pending, app.wrongCode());
    const counts = { failedVerificationCount: 5, claimedChecks: 5 };
    expect(await twoFactorRowOf(email)).toMatchObject(counts);
    // The sixth try of a pending sign-in is refused before any code is compared: not counted.
    expect((await verifyTotp(auth.call, pending, app.wrongCode())).status).toBe(400);
    expect(await twoFactorRowOf(email)).toMatchObject(counts);
    const next = await startSignIn(auth.call, email);
    expect((await verifyTotp(other, next.pending, app.code())).status).toBe(200);
    expect(await twoFactorRowOf(email)).toMatchObject({
      failedVerificationCount: 0,
      claimedChecks: 0,
    });
  });

  /** Sets the person's counts as requests that died mid-check leave them, claimed `ago`. */
  async function leaveCounts(email: string, counts: object, ago: "0 seconds" | "61 seconds") {
    await auth.db
      .update(schema.twoFactor)
      .set({ ...counts, checksClaimedAt: sql`now() - ${sql.raw(`interval '${ago}'`)}` })
      .where(eq(schema.twoFactor.id, (await twoFactorRowOf(email))?.id as string));
  }

  it("keeps the step open after claims whose requests died before settling them", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    // Ten checks claimed and never settled (their requests failed mid-way): none was a failure.
    await leaveCounts(email, { claimedChecks: 10 }, "0 seconds");
    const { pending } = await startSignIn(auth.call, email);
    expect((await verifyTotp(auth.call, pending, app.code())).status).toBe(429);
    // A minute on (the database's clock) no check can still be under way.
    await leaveCounts(email, { claimedChecks: 10 }, "61 seconds");
    const later = await startSignIn(auth.call, email);
    expect((await verifyTotp(other, later.pending, app.code())).status).toBe(200);
    expect(await twoFactorRowOf(email)).toMatchObject({
      claimedChecks: 0,
      failedVerificationCount: 0,
      lockedUntil: null,
    });
  });

  it("locks and tells after a tenth failure whose lock was never written", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    // The plugin counts a failure, then writes the lock: a request that died between the two.
    await leaveCounts(email, { claimedChecks: 10, failedVerificationCount: 10 }, "61 seconds");
    const { pending } = await startSignIn(auth.call, email);
    // One more check, as the plugin alone would allow: its failure writes the lock.
    expect((await verifyTotp(auth.call, pending, app.wrongCode())).status).toBe(401);
    expect((await twoFactorRowOf(email))?.lockedUntil?.getTime()).toBe(Date.now() + 15 * 60_000);
    const next = await startSignIn(auth.call, email);
    expect((await verifyTotp(other, next.pending, app.code())).status).toBe(429);
    await auth.settle();
    expect(inbox.to(email)).toHaveLength(1);
  });

  it("tells a lockout that follows a right code, even one inside an earlier lockout's time", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    // A lockout told, then ended early by a right code whose check began before the lock.
    const told = new Date(Date.now() + 10 * 60_000);
    await leaveCounts(email, { lockoutNotifiedUntil: told }, "0 seconds");
    const { pending } = await startSignIn(auth.call, email);
    expect((await verifyTotp(auth.call, pending, app.code())).status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const next = await startSignIn(auth.call, email);
      for (let j = 0; j < 5; j++) await verifyTotp(other, next.pending, app.wrongCode());
    }
    expect((await twoFactorRowOf(email))?.lockedUntil).not.toBeNull();
    await auth.settle();
    expect(inbox.to(email)).toHaveLength(1);
  });

  it("checks no code for a pending sign-in sent beside a session that ends meanwhile", async () => {
    const attacker = await enrolledPerson(auth.call);
    const victim = await enrolledPerson(auth.call);
    const { pending } = await startSignIn(auth.call, victim.email);
    // Stands for a sign-out sent at once: the session ends once our hook has read it, before
    // the plugin reads it again (the attacker's own code taken is the moment between).
    const attackerId = (await twoFactorRowOf(attacker.email))?.userId as string;
    await auth.db.execute(sql`create function end_sessions() returns trigger language plpgsql as $$
      begin delete from session where user_id = new.user_id; return new; end $$`);
    await auth.db.execute(sql`create trigger end_sessions after update of last_totp_step on two_factor
      for each row when (new.user_id = ${sql.raw(`'${attackerId}'`)}) execute function end_sessions()`);
    try {
      const cookies = `${attacker.session}; ${pending}`;
      const raced = await verifyTotp(auth.call, cookies, attacker.app.code());
      expect(raced.status).toBe(401);
      expect(raced.json.code).toBe("INVALID_TWO_FACTOR_COOKIE");
    } finally {
      await auth.db.execute(sql`drop trigger end_sessions on two_factor`);
      await auth.db.execute(sql`drop function end_sessions`);
    }
    expect(await twoFactorRowOf(victim.email)).toMatchObject({
      failedVerificationCount: 0,
      claimedChecks: 0,
    });
  });

  it("mails again for a later lockout, once", async () => {
    const { email, app } = await enrolledPerson(auth.call);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 2; i++) {
        const { pending } = await startSignIn(auth.call, email);
        for (let j = 0; j < 5; j++) await verifyTotp(auth.call, pending, app.wrongCode());
      }
      // The mail leaves before the clock moves (nodemailer's waits read it).
      await auth.settle();
      vi.setSystemTime(Date.now() + 15 * 60_000 + 1_000);
    }
    expect(inbox.to(email)).toHaveLength(2);
  });
});
