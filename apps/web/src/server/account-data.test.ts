/**
 * "Download my data" (SPEC R-S9) through GET /api/account/data as Next.js calls it, on a real
 * database: besides the profile, sessions, tasks and security activity, the person's passkeys
 * (R-M5), trusted devices (R-M2) and two-step verification with the recovery codes left (R-M1,
 * R-M3), one person's only; and no secret the product keeps for them in the answer.
 */
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness, WEB_URL } from "./testing/auth-harness.ts";
import { softwareAuthenticator } from "./testing/software-authenticator.ts";
import {
  cookieNamed,
  enrolledPerson,
  PASSWORD,
  startSignIn,
  uniqueEmail,
  verifyRecoveryCode,
} from "./testing/two-factor.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

const PHONE =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1";

/** GET /api/account/data with `cookie`, as the browser's "Download my data" link sends it. */
async function download(cookie: string) {
  const route = await import("../app/api/account/data/route.ts");
  const response = await route.GET(
    new Request(`${WEB_URL}/api/account/data`, { headers: { cookie, "user-agent": PHONE } }),
  );
  expect(response.status).toBe(200);
  const text = await response.text();
  return { text, data: JSON.parse(text) as Record<string, unknown> };
}

/** Adds a passkey named `name` through the plugin's two calls, as the account page does. */
async function addPasskey(cookie: string, name: string) {
  const authenticator = softwareAuthenticator({ rpId: new URL(WEB_URL).hostname, origin: WEB_URL });
  const options = await auth.call("/passkey/generate-register-options", { cookie });
  expect(options.status).toBe(200);
  const challenge = cookieNamed(options.setCookies, "better-auth.better-auth-passkey");
  const added = await auth.call("/passkey/verify-registration", {
    cookie: `${cookie}; ${challenge}`,
    body: { response: authenticator.create(options.json as never), name },
  });
  expect(added.status, added.text).toBe(200);
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe("Download my data", () => {
  it("holds the passkeys, trusted devices and two-step verification, and no secret", async () => {
    const { email, app, recoveryCodes, totpURI } = await enrolledPerson(auth.call);
    // Signed in on the phone with a code, trusting it; then once more with a recovery code.
    const { pending } = await startSignIn(auth.call, email, { "user-agent": PHONE });
    const trusted = await auth.call("/two-factor/verify-totp", {
      body: { code: app.code(), trustDevice: true },
      cookie: pending,
      headers: { "user-agent": PHONE },
    });
    expect(trusted.status, trusted.text).toBe(200);
    const cookie = trusted.cookie as string;
    const again = await startSignIn(auth.call, email);
    const recovered = await verifyRecoveryCode(
      auth.call,
      again.pending,
      recoveryCodes[0] as string,
    );
    expect(recovered.status, recovered.text).toBe(200);
    await addPasskey(cookie, "Work laptop");
    // Someone else's passkey stays theirs.
    const other = await auth.call("/sign-up/email", {
      body: { email: uniqueEmail("other"), password: PASSWORD, name: "Bob" },
    });
    await addPasskey(other.cookie as string, "Bob's phone");

    const { text, data } = await download(cookie);

    expect(data.twoFactor).toEqual({ enabled: true, recoveryCodesLeft: 9 });
    const passkeys = data.passkeys as Record<string, unknown>[];
    expect(passkeys).toHaveLength(1);
    expect(passkeys[0]).toEqual({
      id: expect.any(String),
      name: "Work laptop",
      createdAt: expect.stringMatching(ISO),
      lastUsedAt: null,
      deviceType: "singleDevice",
      backedUp: false,
    });
    const devices = data.trustedDevices as Record<string, unknown>[];
    expect(devices).toEqual([
      {
        id: expect.any(String),
        device: "Safari on iOS",
        ipAddress: "203.0.113.10",
        createdAt: expect.stringMatching(ISO),
        lastUsedAt: expect.stringMatching(ISO),
        expiresAt: expect.stringMatching(ISO),
      },
    ]);

    // Nothing that signs in or proves anything: the TOTP secret (as shown and as stored), the
    // recovery codes and their hashes, the passkeys' keys and ids, the session tokens, the
    // trusted device's plugin identifier.
    const [user] = await auth.db.select().from(schema.user).where(eq(schema.user.email, email));
    const [factor] = await auth.db
      .select()
      .from(schema.twoFactor)
      .where(eq(schema.twoFactor.userId, user?.id ?? ""));
    const row = factor as typeof schema.twoFactor.$inferSelect;
    const passkeyRows = await auth.db.select().from(schema.passkey);
    const sessionRows = await auth.db.select().from(schema.session);
    const deviceRows = await auth.db.select().from(schema.trustedDevice);
    const secrets = [
      new URL(totpURI).searchParams.get("secret") as string,
      row.secret,
      row.backupCodes,
      ...(JSON.parse(row.backupCodes) as string[]),
      ...recoveryCodes,
      ...passkeyRows.flatMap((p) => [p.publicKey, p.credentialID]),
      ...sessionRows.map((s) => s.token),
      ...deviceRows.map((d) => d.identifier),
      decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] as string,
    ];
    expect(secrets.length).toBeGreaterThan(20);
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain("Bob's phone");
  });

  it("says two-step verification is off, with no passkeys or trusted devices, for a new person", async () => {
    const signedUp = await auth.call("/sign-up/email", {
      body: { email: uniqueEmail("plain"), password: PASSWORD, name: "Ada" },
    });
    expect(signedUp.status).toBe(200);
    const { data } = await download(signedUp.cookie as string);
    expect(data).toMatchObject({
      passkeys: [],
      trustedDevices: [],
      twoFactor: { enabled: false, recoveryCodesLeft: null },
    });
  });

  it("gives each task's own fields, as the API shows them, not the keys searches compare", async () => {
    const signedUp = await auth.call("/sign-up/email", {
      body: { email: uniqueEmail("tasks"), password: PASSWORD },
    });
    const userId = (signedUp.json.user as { id: string }).id;
    await auth.db.insert(schema.task).values({
      userId,
      title: "Straße",
      tags: ["Home"],
      titleKey: "strasse",
      tagKeys: ["home"],
    });
    const { data } = await download(signedUp.cookie as string);
    const [task] = data.tasks as Record<string, unknown>[];
    expect(Object.keys(task ?? {}).sort()).toEqual(
      [
        "completed",
        "createdAt",
        "description",
        "dueDate",
        "id",
        "priority",
        "tags",
        "title",
        "updatedAt",
        "version",
      ].sort(),
    );
    expect(task).toMatchObject({ title: "Straße", tags: ["Home"] });
  });

  it("answers HEAD with GET's headers, reading and logging nothing", async () => {
    const signedUp = await auth.call("/sign-up/email", {
      body: { email: uniqueEmail("head"), password: PASSWORD },
    });
    const cookie = signedUp.cookie as string;
    const userId = (signedUp.json.user as { id: string }).id;
    await auth.settle();
    const downloads = async () =>
      (
        await auth.db
          .select()
          .from(schema.securityEvent)
          .where(eq(schema.securityEvent.userId, userId))
      ).filter((event) => event.type === "data.downloaded").length;
    const route = await import("../app/api/account/data/route.ts");
    // Next.js answers HEAD with GET when a route has no HEAD of its own.
    const head = (route as { HEAD?: typeof route.GET }).HEAD ?? route.GET;
    const request = new Request(`${WEB_URL}/api/account/data`, {
      method: "HEAD",
      headers: { cookie },
    });
    const response = await head(request);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-disposition")).toMatch(
      /^attachment; filename="tasks-my-data-/,
    );
    expect(await response.text()).toBe("");
    expect(await downloads()).toBe(0);
    await download(cookie);
    expect(await downloads()).toBe(1);
  });
});
