/**
 * Better Auth's client (as better-auth-client.ts builds it) against this app's auth service on a
 * real database, called the way Next.js calls the route: the refusals reach the form with
 * the words and the field the service gives, and the API token the dashboard asks for
 * (`requestToken`, in the same browser) follows the session.
 */
import { twoFactorClient } from "better-auth/client/plugins";
import { createAuthClient } from "better-auth/react";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestToken } from "../features/auth/token-source.ts";
import { type AuthHarness, startAuthHarness, WEB_URL } from "../server/testing/auth-harness.ts";
import { attempt } from "./auth-client.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({ AUTH_RATE_LIMIT_MAX: "3" });
});
afterAll(() => auth?.close());

let clients = 0;

/** A browser's fetch to the auth route: one client address, one cookie jar. */
function browserFetch(): typeof fetch {
  const address = `203.0.113.${++clients}`;
  let cookie = "";
  return async (input: string | URL | Request, init?: RequestInit) => {
    const headers = new Headers(init?.headers);
    headers.set("origin", WEB_URL);
    headers.set("x-forwarded-for", address);
    if (cookie) headers.set("cookie", cookie);
    const response = await auth.handle(new Request(input, { ...init, headers }));
    for (const set of response.headers.getSetCookie()) {
      if (set.startsWith("better-auth.session_token=")) cookie = set.split(";")[0] ?? "";
    }
    return response;
  };
}

/** Better Auth's client on `send`, with the plugins better-auth-client.ts gives it. */
const clientOn = (send: typeof fetch) =>
  createAuthClient({
    baseURL: WEB_URL,
    plugins: [twoFactorClient()],
    fetchOptions: { customFetchImpl: send },
  });

/** A browser stand-in with Better Auth's client. */
const browser = () => clientOn(browserFetch());

/** The same, with the dashboard's token request beside its client (one cookie jar). */
function signedInBrowser() {
  const send = browserFetch();
  return { client: clientOn(send), token: () => requestToken(WEB_URL, send) };
}

const email = () => `client-${crypto.randomUUID()}@example.com`;
const password = "correct horse battery staple";

describe("attempt, with Better Auth's client", () => {
  it("is null on success, and the session's token follows until sign-out", async () => {
    const { client, token } = signedInBrowser();
    const person = { name: "Ada", email: email(), password };
    expect(await attempt(() => client.signUp.email(person))).toBeNull();
    const { data } = await token();
    expect(data?.token.split(".")).toHaveLength(3);
    expect(await attempt(() => client.signOut())).toBeNull();
    expect((await token()).error?.status).toBe(401);
    expect(await attempt(() => client.signIn.email(person))).toBeNull();
    expect((await token()).data?.token).toBeTruthy();
  });

  it("puts the service's message next to the field it names", async () => {
    const client = browser();
    const taken = email();
    await client.signUp.email({ name: "", email: taken, password });
    expect(
      await attempt(() => client.signUp.email({ name: "", email: taken.toUpperCase(), password })),
    ).toEqual({ message: "Email already registered", field: "email" });
    expect(
      await attempt(() => browser().signUp.email({ name: "", email: "nope", password })),
    ).toEqual({ message: "Invalid email format", field: "email" });
    expect(
      await attempt(() => browser().signUp.email({ name: "", email: email(), password: "short" })),
    ).toEqual({ message: "Password must be at least 8 characters", field: "password" });
  });

  it("says 'Invalid credentials' for the whole form", async () => {
    expect(
      await attempt(() => browser().signIn.email({ email: email(), password: "wrong-password" })),
    ).toEqual({ message: "Invalid credentials", field: undefined });
  });

  it("passes on the throttle's message", async () => {
    const client = browser();
    const answers = [];
    for (let i = 0; i < 4; i++) {
      answers.push(await attempt(() => client.signIn.email({ email: email(), password })));
    }
    expect(answers.slice(0, 3).map((answer) => answer?.message)).toEqual(
      Array(3).fill("Invalid credentials"),
    );
    expect(answers[3]?.message).toMatch(/^Too many attempts\. Try again in \d+ seconds\.$/);
    expect(answers[3]?.field).toBeUndefined();
  });

  it("says when the server could not be reached", async () => {
    const offline = createAuthClient({
      baseURL: WEB_URL,
      fetchOptions: {
        customFetchImpl: async () => {
          throw new TypeError("fetch failed");
        },
      },
    });
    expect(await attempt(() => offline.signIn.email({ email: email(), password }))).toEqual({
      message: "Could not reach the server. Check your connection and try again.",
    });
  });
});
