import { expect, test } from "@playwright/test";
import { THROTTLED_WEB_URL } from "../playwright.config";

// Against the second instance, which keeps the default limit of 10 attempts a minute.
test("a forged X-Forwarded-For does not reset the sign-in limit", async ({ request }) => {
  const attempt = (forwardedFor: string) =>
    request.post(`${THROTTLED_WEB_URL}/api/auth/sign-in/email`, {
      headers: { "x-forwarded-for": forwardedFor, origin: THROTTLED_WEB_URL },
      data: { email: "victim@example.com", password: "guess-guess" },
    });
  for (let i = 0; i < 10; i++) expect((await attempt(`203.0.113.${i}`)).status()).toBe(401);
  const refused = await attempt("198.51.100.77");
  expect(refused.status()).toBe(429);
  expect(Number(refused.headers()["retry-after"])).toBeGreaterThan(0);
  expect((await attempt("10.9.8.7, 10.0.0.1")).status()).toBe(429);
});
