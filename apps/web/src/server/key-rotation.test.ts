import { createLocalJWKSet, decodeProtectedHeader, type JSONWebKeySet, jwtVerify } from "jose";
import { afterAll, describe, expect, it, vi } from "vitest";
import { type AuthHarness, startAuthHarness, TEST_SECRET } from "./testing/auth-harness.ts";

const harnesses: AuthHarness[] = [];
afterAll(async () => {
  for (const harness of harnesses.reverse()) await harness.close();
});

const credentials = { email: "rotation@example.com", password: "correct horse battery" };

async function tokenOf(auth: AuthHarness, cookie: string | undefined): Promise<string> {
  const response = await auth.call("/token", { cookie });
  expect(response.status).toBe(200);
  return response.json.token as string;
}

async function verifies(auth: AuthHarness, token: string): Promise<boolean> {
  const jwks = (await auth.call("/jwks")).json as unknown as JSONWebKeySet;
  try {
    await jwtVerify(token, createLocalJWKSet(jwks), {
      audience: "tasks-api",
      algorithms: ["EdDSA"],
    });
    return true;
  } catch {
    return false;
  }
}

describe("key and secret rotation", () => {
  it("rotates the signing key on schedule and keeps the old one published", async () => {
    const auth = await startAuthHarness({ JWKS_ROTATION_INTERVAL: "1" });
    harnesses.push(auth);
    const { cookie } = await auth.call("/sign-up/email", { body: credentials });
    const before = await tokenOf(auth, cookie);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const after = await tokenOf(auth, cookie);

    expect(decodeProtectedHeader(after).kid).not.toBe(decodeProtectedHeader(before).kid);
    const jwks = (await auth.call("/jwks")).json as unknown as JSONWebKeySet;
    expect(jwks.keys.length).toBeGreaterThanOrEqual(2);
    expect(await verifies(auth, before)).toBe(true);
    expect(await verifies(auth, after)).toBe(true);
  });

  it("moves to a new BETTER_AUTH_SECRET without taking sign-in down", async () => {
    const old = harnesses[0] as AuthHarness;
    const tokenBefore = await tokenOf(
      old,
      (await old.call("/sign-in/email", { body: credentials })).cookie,
    );
    await old.releasePool();

    // Every instance restarts with the new secret first and the old one as fallback.
    vi.resetModules();
    const auth = await startAuthHarness(
      {
        BETTER_AUTH_SECRETS: "2:a-brand-new-secret-of-at-least-32-chars",
        BETTER_AUTH_SECRET: TEST_SECRET,
      },
      { databaseUrl: old.url },
    );
    harnesses.push(auth);
    const signIn = await auth.call("/sign-in/email", { body: credentials });
    expect(signIn.status).toBe(200);
    // Keys encrypted with the old secret still sign; tokens issued before still verify.
    const tokenAfter = await tokenOf(auth, signIn.cookie);
    expect(await verifies(auth, tokenAfter)).toBe(true);
    expect(await verifies(auth, tokenBefore)).toBe(true);
  });
});
