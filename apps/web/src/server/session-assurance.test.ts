/**
 * How a session was made, in its API tokens (R-M8), and trusted devices (R-M2): through the
 * route as Next.js calls it, on a real database and a real SMTP inbox (for the reset link).
 */
import { createHash, generateKeyPairSync, randomBytes, sign } from "node:crypto";

import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import { schema } from "@tasks/db";
import { and, eq, like } from "drizzle-orm";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { amrOf } from "./auth.ts";
import { secondFactorSetupRedirect } from "./auth-rules/session-assurance.ts";
import { type MailingAuthHarness, startMailingAuthHarness } from "./testing/auth-harness.ts";
import { resetLinkIn } from "./testing/smtp-inbox.ts";
import { awayFromStepEnd } from "./testing/two-factor.ts";

let auth: MailingAuthHarness;
beforeAll(async () => {
  auth = await startMailingAuthHarness();
});
afterAll(() => auth?.close());

let counter = 0;
const PASSWORD = "correct horse battery staple";
const FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0";

/** A browser's cookies: what each answer sets (and expires), sent with the next call. */
class Browser {
  readonly jar = new Map<string, string>();
  readonly agent: string;
  constructor(agent = FIREFOX) {
    this.agent = agent;
  }
  get cookie() {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join("; ");
  }
  async call(path: string, body?: unknown) {
    const response = await auth.call(path, {
      body,
      cookie: this.cookie || undefined,
      headers: { "user-agent": this.agent },
    });
    for (const set of response.setCookies) {
      const [pair = ""] = set.split(";");
      const name = pair.slice(0, pair.indexOf("="));
      if (/max-age=0/i.test(set)) this.jar.delete(name);
      else this.jar.set(name, pair.slice(name.length + 1));
    }
    return response;
  }
  async amr(): Promise<unknown> {
    const response = await this.call("/token");
    expect(response.status, response.text).toBe(200);
    return decodeJwt(response.json.token as string).amr;
  }
  async sid(): Promise<string> {
    return decodeJwt((await this.call("/token")).json.token as string).sid as string;
  }
}

interface Person {
  email: string;
  userId: string;
  browser: Browser;
  /** The authenticator's secret, once two-step verification is on. */
  secret?: Uint8Array;
  /** The last time step whose code was used: each is taken once (R-M3). */
  lastStep?: number;
}

async function signUp(): Promise<Person> {
  const email = `assurance${++counter}-${Date.now()}@example.com`;
  const browser = new Browser();
  const response = await browser.call("/sign-up/email", { email, password: PASSWORD, name: "A" });
  expect(response.status).toBe(200);
  return { email, userId: (response.json.user as { id: string }).id, browser };
}

const currentStep = () => Math.floor(Date.now() / 30_000);

/**
 * A code `person` has not used yet: the oldest step the plugin still accepts (one either side of
 * now) after the last one used, waiting for the clock when all three are spent.
 */
async function nextCode(person: Person): Promise<string> {
  // The previous step's code works only until this step ends: never sent just before it does.
  await awayFromStepEnd(2_000);
  const step = Math.max(currentStep() - 1, (person.lastStep ?? Number.NEGATIVE_INFINITY) + 1);
  while (step > currentStep() + 1) await new Promise((resolve) => setTimeout(resolve, 500));
  person.lastStep = step;
  return createOTP(person.secret as Uint8Array).hotp(step);
}

/** Sets up the authenticator app and turns two-step verification on, from `person.browser`. */
async function enableTwoFactor(person: Person): Promise<void> {
  const enabled = await person.browser.call("/two-factor/enable", { password: PASSWORD });
  expect(enabled.status, enabled.text).toBe(200);
  const uri = new URL(enabled.json.totpURI as string);
  person.secret = base32.decode(uri.searchParams.get("secret") as string);
  const verified = await person.browser.call("/two-factor/verify-totp", {
    code: await nextCode(person),
  });
  expect(verified.status, verified.text).toBe(200);
}

/** Signs in on `browser` with the password and, when asked, a code (trusting the device). */
async function signIn(person: Person, browser: Browser, options: { trust?: boolean } = {}) {
  const first = await browser.call("/sign-in/email", { email: person.email, password: PASSWORD });
  expect(first.status, first.text).toBe(200);
  if (!first.json.twoFactorRedirect) return { askedForCode: false };
  const second = await browser.call("/two-factor/verify-totp", {
    code: await nextCode(person),
    trustDevice: options.trust ?? false,
  });
  expect(second.status, second.text).toBe(200);
  return { askedForCode: true };
}

const sessionRow = async (id: string) =>
  (await auth.db.select().from(schema.session).where(eq(schema.session.id, id)))[0];

const trustRows = (userId: string) =>
  auth.db
    .select()
    .from(schema.verification)
    .where(
      and(eq(schema.verification.value, userId), like(schema.verification.identifier, "trust-%")),
    );

/** A person with two-step verification on and one trusted device (returned). */
async function personWithTrustedDevice() {
  const person = await signUp();
  await enableTwoFactor(person);
  const laptop = new Browser();
  await signIn(person, laptop, { trust: true });
  const listed = await laptop.call("/trusted-devices");
  expect(listed.json).toHaveLength(1);
  return { person, laptop };
}

describe("amr in API tokens (R-M8)", () => {
  it("is pwd after sign-up and after a password sign-in", async () => {
    const person = await signUp();
    expect(await person.browser.amr()).toEqual(["pwd"]);
    const other = new Browser();
    await signIn(person, other);
    expect(await other.amr()).toEqual(["pwd"]);
  });

  it("is pwd otp mfa after the second step, and pwd mfa on a trusted device", async () => {
    const { person, laptop } = await personWithTrustedDevice();
    expect(await laptop.amr()).toEqual(["pwd", "otp", "mfa"]);
    const again = await signIn(person, laptop);
    expect(again.askedForCode).toBe(false);
    expect(await laptop.amr()).toEqual(["pwd", "mfa"]);
  });

  it("gains otp mfa when two-step verification is turned on, keeping the absolute end", async () => {
    const person = await signUp();
    const phone = new Browser("Phone");
    await signIn(person, phone);
    const before = await sessionRow(await person.browser.sid());
    const phoneSid = await phone.sid();
    await enableTwoFactor(person);
    const after = await sessionRow(await person.browser.sid());
    expect(after?.id).not.toBe(before?.id);
    expect(after?.absoluteExpiresAt?.getTime()).toBe(before?.absoluteExpiresAt?.getTime());
    expect(await person.browser.amr()).toEqual(["pwd", "otp", "mfa"]);
    // The other session was made with one factor: ended, and the API told (R-S6).
    expect(await sessionRow(phoneSid)).toBeUndefined();
    const [revoked] = await auth.db
      .select()
      .from(schema.revokedSession)
      .where(eq(schema.revokedSession.sessionId, phoneSid));
    expect(revoked).toBeDefined();
    expect((await phone.call("/get-session")).json).toBeNull();
    // And in the person's security log, with the phone's device (R-M9); the replaced session
    // of the device that turned it on is not an ended one.
    const { securityEvent: event } = schema;
    const ended = await auth.db
      .select()
      .from(event)
      .where(and(eq(event.userId, person.userId), eq(event.type, "session.ended")));
    expect(ended.map((row) => [row.detail, row.userAgent])).toEqual([
      [{ by: "another device" }, "Phone"],
    ]);
  });

  it("keeps what the session proved when two-step verification is turned off", async () => {
    const person = await signUp();
    await enableTwoFactor(person);
    const before = await sessionRow(await person.browser.sid());
    const off = await person.browser.call("/two-factor/disable", { password: PASSWORD });
    expect(off.status, off.text).toBe(200);
    const after = await sessionRow(await person.browser.sid());
    expect(after?.id).not.toBe(before?.id);
    expect(after?.absoluteExpiresAt?.getTime()).toBe(before?.absoluteExpiresAt?.getTime());
    expect(await person.browser.amr()).toEqual(["pwd", "otp", "mfa"]);
  });

  it("is in the pages' session, which sends a one-factor person to set up a second", async () => {
    const person = await signUp();
    const session = await auth.auth.api.getSession({
      headers: new Headers({ cookie: person.browser.cookie }),
    });
    const amr = amrOf(session?.session ?? {});
    expect(amr).toEqual(["pwd"]);
    expect(secondFactorSetupRedirect(amr, "/dashboard", true)).toBe("/account?setup=two-factor");
    expect(secondFactorSetupRedirect(amr, "/account", true)).toBeNull();
    expect(secondFactorSetupRedirect(amr, "/dashboard", false)).toBeNull();
    await enableTwoFactor(person);
    const stronger = await auth.auth.api.getSession({
      headers: new Headers({ cookie: person.browser.cookie }),
    });
    expect(
      secondFactorSetupRedirect(amrOf(stronger?.session ?? {}), "/dashboard", true),
    ).toBeNull();
  });
});

/**
 * A software authenticator's passkey (P-256, ES256) stored as the passkey plugin stores one
 * (COSE key, standard base64), for signing in without a browser.
 */
async function passkeyFor(userId: string, deviceType: "singleDevice" | "multiDevice") {
  const { privateKey, publicKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
  const jwk = publicKey.export({ format: "jwk" });
  const coordinate = (value?: string) => Buffer.from(value ?? "", "base64url");
  // CBOR map {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y} (RFC 9053 §7.1.1).
  const cose = Buffer.concat([
    Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
    coordinate(jwk.x),
    Buffer.from([0x22, 0x58, 0x20]),
    coordinate(jwk.y),
  ]);
  const id = randomBytes(16).toString("base64url");
  await auth.db.insert(schema.passkey).values({
    id: `pk-${id}`,
    userId,
    publicKey: cose.toString("base64"),
    credentialID: id,
    counter: 0,
    deviceType,
    backedUp: deviceType === "multiDevice",
  });
  /** Signs in on `browser` with this passkey, the person verified (UP and UV flags). */
  return async (browser: Browser) => {
    const options = await browser.call("/passkey/generate-authenticate-options");
    expect(options.status, options.text).toBe(200);
    const clientDataJSON = Buffer.from(
      JSON.stringify({
        type: "webauthn.get",
        challenge: options.json.challenge,
        origin: "http://localhost:3000",
        crossOrigin: false,
      }),
    );
    const authenticatorData = Buffer.concat([
      createHash("sha256").update("localhost").digest(),
      Buffer.from([0x05, 0, 0, 0, 1]),
    ]);
    const signature = sign(
      "sha256",
      Buffer.concat([authenticatorData, createHash("sha256").update(clientDataJSON).digest()]),
      privateKey,
    );
    const response = await browser.call("/passkey/verify-authentication", {
      response: {
        id,
        rawId: id,
        type: "public-key",
        clientExtensionResults: {},
        response: {
          clientDataJSON: clientDataJSON.toString("base64url"),
          authenticatorData: authenticatorData.toString("base64url"),
          signature: signature.toString("base64url"),
        },
      },
    });
    expect(response.status, response.text).toBe(200);
  };
}

describe("amr after a passkey (R-M5, R-M8)", () => {
  it("is hwk mfa for a single-device passkey and swk mfa for a synced one", async () => {
    const person = await signUp();
    const [hardware, synced] = [
      await passkeyFor(person.userId, "singleDevice"),
      await passkeyFor(person.userId, "multiDevice"),
    ];
    const key = new Browser();
    await hardware(key);
    expect(await key.amr()).toEqual(["hwk", "mfa"]);
    const phone = new Browser();
    await synced(phone);
    expect(await phone.amr()).toEqual(["swk", "mfa"]);
  });
});

describe("trusted devices (R-M2)", () => {
  it("are listed with the device in words, and follow the plugin's renamed record", async () => {
    const { person, laptop } = await personWithTrustedDevice();
    const [device] = (await laptop.call("/trusted-devices")).json as unknown as Record<
      string,
      unknown
    >[];
    expect(device).toMatchObject({
      id: expect.any(String),
      device: "Firefox on Linux",
      ipAddress: "203.0.113.10",
    });
    expect(Object.keys(device ?? {}).sort()).toEqual(
      ["createdAt", "device", "expiresAt", "id", "ipAddress", "lastUsedAt"].sort(),
    );
    const [first] = await trustRows(person.userId);
    await signIn(person, laptop);
    const [renamed] = await trustRows(person.userId);
    expect(renamed?.identifier).not.toBe(first?.identifier);
    const rows = await auth.db
      .select()
      .from(schema.trustedDevice)
      .where(eq(schema.trustedDevice.userId, person.userId));
    expect(rows).toHaveLength(1);
    expect(rows[0]?.id).toBe(device?.id);
    expect(rows[0]?.identifier).toBe(renamed?.identifier);
  });

  it("can be removed by their person only, and a removed one is asked for the code again", async () => {
    const { person, laptop } = await personWithTrustedDevice();
    const [device] = (await laptop.call("/trusted-devices")).json as unknown as { id: string }[];
    const stranger = await signUp();
    const refused = await stranger.browser.call("/trusted-devices/remove", { id: device?.id });
    expect(refused.status).toBe(404);
    expect(refused.json).toMatchObject({ code: "NOT_FOUND" });
    expect(await stranger.browser.call("/trusted-devices").then((r) => r.json)).toEqual([]);
    expect(await trustRows(person.userId)).toHaveLength(1);

    const removed = await person.browser.call("/trusted-devices/remove", { id: device?.id });
    expect(removed.status, removed.text).toBe(200);
    expect(removed.json).toEqual({ status: true });
    expect((await person.browser.call("/trusted-devices")).json).toEqual([]);
    expect(await trustRows(person.userId)).toEqual([]);
    const again = await signIn(person, laptop);
    expect(again.askedForCode).toBe(true);
  });

  it("needs a session and an id", async () => {
    expect((await auth.call("/trusted-devices")).status).toBe(401);
    const person = await signUp();
    const bad = await person.browser.call("/trusted-devices/remove", { id: 5 });
    expect(bad.status).toBe(400);
  });

  async function forgottenAfter(event: (person: Person, laptop: Browser) => Promise<unknown>) {
    const { person, laptop } = await personWithTrustedDevice();
    await event(person, laptop);
    expect(await trustRows(person.userId)).toEqual([]);
    const rows = await auth.db
      .select()
      .from(schema.trustedDevice)
      .where(eq(schema.trustedDevice.userId, person.userId));
    expect(rows).toEqual([]);
  }

  it("are forgotten when the password changes", () =>
    forgottenAfter(async (person) => {
      const response = await person.browser.call("/change-password", {
        currentPassword: PASSWORD,
        newPassword: PASSWORD,
        revokeOtherSessions: false,
      });
      expect(response.status, response.text).toBe(200);
    }));

  it("are forgotten when the password is reset", () =>
    forgottenAfter(async (person) => {
      await auth.call("/request-password-reset", { body: { email: person.email } });
      await auth.settle();
      const mails = auth.inbox.to(person.email);
      const link = resetLinkIn(mails[mails.length - 1] ?? { from: "", to: [], raw: "" });
      const token = new URL(link as string).searchParams.get("token");
      const response = await auth.call("/reset-password", {
        body: { token, newPassword: PASSWORD },
      });
      expect(response.status, response.text).toBe(200);
    }));

  it("are forgotten on signing out everywhere else", () =>
    forgottenAfter(async (person) => {
      const response = await person.browser.call("/revoke-other-sessions", {});
      expect(response.status, response.text).toBe(200);
    }));

  it("are forgotten when every session is ended", () =>
    forgottenAfter(async (person) => {
      const response = await person.browser.call("/revoke-sessions", {});
      expect(response.status, response.text).toBe(200);
    }));

  it("are forgotten when two-step verification is turned off", () =>
    forgottenAfter(async (person) => {
      const response = await person.browser.call("/two-factor/disable", { password: PASSWORD });
      expect(response.status, response.text).toBe(200);
    }));

  it("are kept when a wrong password fails to change it", async () => {
    const { person } = await personWithTrustedDevice();
    const response = await person.browser.call("/change-password", {
      currentPassword: "not the password",
      newPassword: PASSWORD,
    });
    expect(response.status).toBe(400);
    expect(await trustRows(person.userId)).toHaveLength(1);
  });
});
