/**
 * People for integration tests through the auth harness: a unique email, the one password
 * every test uses, and a sign-up as the /signup page makes it (POST /sign-up/email).
 */
import { expect } from "vitest";
import type { AuthHarness } from "./auth-harness.ts";

export const PASSWORD = "correct horse battery staple";

let counter = 0;
/** `<tag><n>-<ms>@example.com`, never the same twice in a run. */
export const uniqueEmail = (tag = "person") => `${tag}${++counter}-${Date.now()}@example.com`;

interface SignUpOptions {
  /** Starts the email, to tell the test's people apart in the database. */
  tag?: string;
  /** The person's name; none is sent when absent. */
  name?: string;
  /** The browser's User-Agent, for the session's device. */
  userAgent?: string;
}

/**
 * Signs a new person up with PASSWORD and expects 200. Returns their email, user id and the
 * `name=value` of the session cookie the answer set.
 */
export async function signUp(call: AuthHarness["call"], options: SignUpOptions = {}) {
  const email = uniqueEmail(options.tag);
  const response = await call("/sign-up/email", {
    body:
      options.name === undefined
        ? { email, password: PASSWORD }
        : { email, password: PASSWORD, name: options.name },
    headers: options.userAgent === undefined ? undefined : { "user-agent": options.userAgent },
  });
  expect(response.status, response.text).toBe(200);
  return {
    email,
    userId: (response.json.user as { id: string }).id,
    cookie: response.cookie as string,
  };
}
