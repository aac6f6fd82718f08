/**
 * Better Auth's own client (`better-auth/client`) works against web for the account's
 * flows (SPEC §6): the endpoints are Better Auth's, at Better Auth's paths, in its shapes.
 */
import { createAuthClient } from "better-auth/client";
import { jwtClient } from "better-auth/client/plugins";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness, WEB_URL } from "./testing/auth-harness.ts";
import { resetLinkIn, type SmtpInbox, startSmtpInbox } from "./testing/smtp-inbox.ts";

let inbox: SmtpInbox;
let auth: AuthHarness;
beforeAll(async () => {
  inbox = await startSmtpInbox();
  auth = await startAuthHarness({ SMTP_URL: inbox.url });
});
afterAll(async () => {
  await auth?.close();
  await inbox?.close();
});

/** A browser of its own: Better Auth's client with a cookie jar, on one device. */
function device(userAgent: string) {
  const jar = new Map<string, string>();
  const customFetchImpl = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const headers = new Headers(request.headers);
    headers.set("origin", WEB_URL);
    headers.set("user-agent", userAgent);
    headers.set("x-forwarded-for", "203.0.113.20");
    const cookie = [...jar].map(([name, value]) => `${name}=${value}`).join("; ");
    if (cookie) headers.set("cookie", cookie);
    const response = await auth.handle(new Request(request, { headers }));
    for (const line of response.headers.getSetCookie()) {
      const [pair = ""] = line.split(";");
      const [name = "", value = ""] = pair.split("=");
      if (value) jar.set(name, value);
      else jar.delete(name);
    }
    return response;
  };
  return createAuthClient({
    baseURL: WEB_URL,
    plugins: [jwtClient()],
    fetchOptions: { customFetchImpl },
  });
}

const PASSWORD = "correct horse battery staple";

describe("Better Auth's client", () => {
  it("lists and revokes sessions, renames, changes the password, resets it, deletes", async () => {
    const email = `client-${Date.now()}@example.com`;
    const laptop = device("Mozilla/5.0 (X11; Linux x86_64) Chrome/131.0 Safari/537.36");
    const phone = device("Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1");
    expect(
      (await laptop.signUp.email({ email, password: PASSWORD, name: "Ada" })).error,
    ).toBeNull();
    expect((await phone.signIn.email({ email, password: PASSWORD })).error).toBeNull();

    const sessions = await laptop.listSessions();
    expect(sessions.data).toHaveLength(2);
    const phoneSid = decodeJwt((await phone.token()).data?.token ?? "").sid;
    const phoneSession = sessions.data?.find((s) => s.id === phoneSid);
    expect((await laptop.revokeSession({ token: phoneSession?.token ?? "" })).error).toBeNull();
    expect((await phone.token()).error?.status).toBe(401);

    expect((await laptop.updateUser({ name: "Grace" })).error).toBeNull();
    expect((await laptop.getSession()).data?.user.name).toBe("Grace");

    const wrong = await laptop.changePassword({
      currentPassword: "nope-nope",
      newPassword: "x".repeat(12),
    });
    expect(wrong.error?.message).toBe("Current password is incorrect");
    const changed = await laptop.changePassword({
      currentPassword: PASSWORD,
      newPassword: "second password",
      revokeOtherSessions: true,
    });
    expect(changed.error).toBeNull();
    expect((await laptop.token()).data?.token).toBeTruthy();

    const asked = await phone.requestPasswordReset({ email, redirectTo: "/reset-password" });
    expect(asked.data).toMatchObject({ status: true });
    await auth.settle();
    // The reset mail, among the security mails of the phone's sign-in and the change (R-M10).
    const link = inbox.to(email).map(resetLinkIn).find(Boolean);
    const token = new URL(link ?? "http://x").searchParams.get("token") ?? "";
    expect((await phone.resetPassword({ newPassword: "third password", token })).error).toBeNull();
    expect((await laptop.token()).error?.status).toBe(401);

    expect((await laptop.signIn.email({ email, password: "third password" })).error).toBeNull();
    expect((await laptop.deleteUser({ password: "third password" })).error).toBeNull();
    expect((await laptop.signIn.email({ email, password: "third password" })).error?.status).toBe(
      401,
    );
  });
});
