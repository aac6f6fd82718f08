import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({}, { proxy: true });
});
afterAll(() => auth?.close());

describe("auth while the database is unreachable", () => {
  it("answers 503 with a friendly message, then recovers on its own", async () => {
    const body = { email: "outage@example.com", password: "correct horse battery" };
    expect((await auth.call("/sign-up/email", { body })).status).toBe(200);

    auth.proxy?.cut();
    for (const [path, payload] of [
      ["/sign-in/email", body],
      ["/sign-up/email", { ...body, email: "other@example.com" }],
      ["/get-session", undefined],
      ["/token", undefined],
    ] as const) {
      const response = await auth.call(path, {
        body: payload,
        cookie: "better-auth.session_token=x.y",
      });
      expect(response.status, path).toBe(503);
      expect(response.headers.get("retry-after")).toBe("5");
      expect(response.json.message).toMatch(/temporarily unavailable/);
    }

    auth.proxy?.restore();
    expect((await auth.call("/sign-in/email", { body })).status).toBe(200);
  });
});

describe("a session lookup that found nothing", () => {
  it("is an outage while the cookie's session is alive, and an end once it is not", async () => {
    const { sessionLookupFailed } = await import("./database-status.ts");
    const body = { email: "alive@example.com", password: "correct horse battery" };
    const signUp = await auth.call("/sign-up/email", { body });
    const cookie = signUp.cookie;
    expect(cookie).toBeTruthy();
    const headers = new Headers({ cookie: cookie ?? "" });
    expect(await sessionLookupFailed(headers)).toBe(true);
    expect(await sessionLookupFailed(new Headers())).toBe(false);
    expect(
      await sessionLookupFailed(new Headers({ cookie: "better-auth.session_token=x.y" })),
    ).toBe(false);
    expect((await auth.call("/sign-out", { body: {}, cookie })).status).toBe(200);
    expect(await sessionLookupFailed(headers)).toBe(false);
  });
});
