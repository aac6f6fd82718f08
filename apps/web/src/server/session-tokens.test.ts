/**
 * Session tokens, the secret half of the HttpOnly cookie, stay on the server (decision
 * 032): no answer carries one, while Better Auth's own client lists and revokes sessions
 * by the handle the list gives it.
 */
import { schema } from "@tasks/db";
import { createAuthClient } from "better-auth/client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness, WEB_URL } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness();
});
afterAll(() => auth?.close());

let counter = 0;
const PASSWORD = "correct horse battery staple";

/** Every session token in the database, to look for in the answers. */
async function allTokens(): Promise<string[]> {
  return (await auth.db.select({ token: schema.session.token }).from(schema.session)).map(
    (row) => row.token,
  );
}

describe("answers", () => {
  it("never carry a session token", async () => {
    const email = `tokens${++counter}@example.com`;
    const answers = [await auth.call("/sign-up/email", { body: { email, password: PASSWORD } })];
    const cookie = answers[0]?.cookie as string;
    answers.push(await auth.call("/sign-in/email", { body: { email, password: PASSWORD } }));
    answers.push(await auth.call("/get-session", { cookie }));
    answers.push(await auth.call("/list-sessions", { cookie }));
    answers.push(await auth.call("/update-user", { cookie, body: { name: "Ada" } }));
    const changed = await auth.call("/change-password", {
      cookie,
      body: { currentPassword: PASSWORD, newPassword: "another password" },
    });
    answers.push(changed, await auth.call("/token", { cookie: changed.cookie }));
    answers.push(await auth.call("/list-sessions", { cookie: changed.cookie }));

    const tokens = await allTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const answer of answers) {
      expect(answer.status, answer.text).toBe(200);
      for (const token of tokens) expect(answer.text).not.toContain(token);
    }
    expect(answers[2]?.json.session).not.toHaveProperty("token");
    expect(answers[2]?.json.session).toMatchObject({ id: expect.any(String) });
    for (const index of [0, 1, 5]) expect(answers[index]?.json).not.toHaveProperty("token");
  });

  it("as the pages read the session, without a token either", async () => {
    const email = `pages${++counter}@example.com`;
    const { cookie } = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
    const session = await auth.auth.api.getSession({
      headers: new Headers({ cookie: cookie ?? "" }),
    });
    expect(session?.user.email).toBe(email);
    expect(session?.session).not.toHaveProperty("token");
  });
});

describe("Better Auth's client", () => {
  it("lists sessions and revokes one by what the list gave it", async () => {
    const email = `client${++counter}@example.com`;
    const jar = new Map<string, string>();
    const client = createAuthClient({
      baseURL: WEB_URL,
      fetchOptions: {
        customFetchImpl: async (input: string | URL | Request, init?: RequestInit) => {
          const headers = new Headers(init?.headers);
          headers.set("origin", WEB_URL);
          const cookie = jar.get("device");
          if (cookie) headers.set("cookie", cookie);
          const response = await auth.handle(new Request(input, { ...init, headers }));
          const set = response.headers.getSetCookie().find((c) => c.startsWith("better-auth."));
          if (set) jar.set("device", set.split(";")[0] ?? "");
          return response;
        },
      },
    });
    expect(
      (await client.signUp.email({ email, password: PASSWORD, name: "Ada" })).error,
    ).toBeNull();
    const phone = await auth.call("/sign-in/email", { body: { email, password: PASSWORD } });
    const listed = (await client.listSessions()).data ?? [];
    expect(listed).toHaveLength(2);
    const tokens = await allTokens();
    for (const session of listed) {
      expect(session.token).toBe(session.id);
      expect(tokens).not.toContain(session.token);
    }
    const current = (await client.getSession()).data?.session.id;
    const other = listed.find((session) => session.id !== current);
    expect((await client.revokeSession({ token: other?.token ?? "" })).error).toBeNull();
    expect((await auth.call("/get-session", { cookie: phone.cookie })).json).toBeNull();
    expect((await client.getSession()).data?.user.email).toBe(email);
  });
});
