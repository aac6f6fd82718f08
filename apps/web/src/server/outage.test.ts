/**
 * A database that cannot be reached (SPEC R-O3): every auth endpoint answers 503 with
 * Retry-After, including those where Better Auth would answer "no session" or a bare 500,
 * and all recover on their own. A cookie that does not verify is no session even then: it
 * needs no database to tell.
 */
import { isDatabaseUnavailable } from "@tasks/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({}, { proxy: true });
});
afterAll(() => auth?.close());

const body = { email: "outage@example.com", password: "correct horse battery" };

describe("auth while the database is unreachable", () => {
  it("answers 503 with a friendly message on every endpoint, then recovers on its own", async () => {
    const { cookie } = await auth.call("/sign-up/email", { body });
    expect(cookie).toBeTruthy();

    auth.proxy?.cut();
    try {
      for (const [path, payload] of [
        ["/sign-in/email", body],
        ["/sign-up/email", { ...body, email: "other@example.com" }],
        ["/get-session", undefined],
        ["/token", undefined],
        ["/list-sessions", undefined],
        ["/update-user", { name: "Grace" }],
        ["/revoke-other-sessions", {}],
        ["/change-password", { currentPassword: body.password, newPassword: "a new password" }],
        ["/sign-out", {}],
        ["/request-password-reset", { email: body.email }],
        ["/jwks", undefined],
      ] as const) {
        const response = await auth.call(path, { body: payload, cookie });
        expect(response.status, path).toBe(503);
        expect(response.headers.get("retry-after"), path).toBe("5");
        expect(response.json, path).toEqual({
          code: "SERVICE_UNAVAILABLE",
          message: "Sign-in is temporarily unavailable. Please try again in a moment.",
        });
      }
      // As the pages ask: an outage is thrown, never taken for "signed out".
      const lookUp = auth.auth.api.getSession({ headers: new Headers({ cookie: cookie ?? "" }) });
      await expect(lookUp).rejects.toSatisfy(isDatabaseUnavailable);
    } finally {
      auth.proxy?.restore();
    }

    expect((await auth.call("/get-session", { cookie })).json).toMatchObject({
      user: { email: body.email },
    });
    expect((await auth.call("/sign-in/email", { body })).status).toBe(200);
  });

  it("still answers a cookie that does not verify as no session", async () => {
    auth.proxy?.cut();
    try {
      for (const cookie of ["better-auth.session_token=x.y", "better-auth.session_token=x"]) {
        const session = await auth.call("/get-session", { cookie });
        expect(session.status, cookie).toBe(200);
        expect(session.json, cookie).toBeNull();
        expect((await auth.call("/token", { cookie })).status, cookie).toBe(401);
      }
    } finally {
      auth.proxy?.restore();
    }
  });
});
