/**
 * A session cookie that no longer verifies is no session (SPEC R-P4): tampered, unsigned,
 * garbage, or signed with another secret (one since rotated out), it sends the person to
 * sign in on every page, never to an error.
 */
import { createHmac } from "node:crypto";
import type { APIRequestContext } from "@playwright/test";
import { expect, signUpByApi, test } from "./fixtures";

const NAME = "better-auth.session_token";

/** The value of the page's session cookie, and cookies for its session that do not verify. */
async function brokenCookies(request: APIRequestContext) {
  const state = await request.storageState();
  const value = decodeURIComponent(state.cookies.find((c) => c.name === NAME)?.value ?? "");
  const [token = "", signature = ""] = value.split(".");
  const other = createHmac("sha256", "a-secret-rotated-out-long-ago-0123456789").update(token);
  return {
    "another signature": `${token}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`,
    unsigned: token,
    "another secret's signature": `${token}.${other.digest("base64")}`,
    garbage: "%%%not-a-cookie",
  };
}

test("every page answers such a cookie as no session: sign in, never an error", async ({
  page,
  baseURL,
}) => {
  await signUpByApi(page);
  const cookies = await brokenCookies(page.request);
  for (const [what, value] of Object.entries(cookies)) {
    const headers = { cookie: `${NAME}=${encodeURIComponent(value)}` };
    for (const path of ["/", "/signin", "/signup", "/forgot-password", "/dashboard", "/account"]) {
      const response = await page.request.get(path, { headers, maxRedirects: 0 });
      const where = `${what}: ${path}`;
      expect(response.status(), where).toBeLessThan(400);
      if (response.status() >= 300) {
        expect(response.headers().location, where).toMatch(/^\/signin\?|\/signin\?/);
      }
    }
    for (const path of ["/api/auth/get-session", "/api/auth/token", "/api/account/data"]) {
      const response = await page.request.get(path, { headers });
      expect([200, 401], `${what}: ${path}`).toContain(response.status());
      if (response.status() === 200) expect(await response.json(), what).toBeNull();
    }
  }
  // In the browser: the page with such a cookie leads to the sign-in form, which works.
  await page.context().clearCookies();
  await page
    .context()
    .addCookies([
      { name: NAME, value: encodeURIComponent(cookies["another signature"]), url: baseURL ?? "" },
    ]);
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?expired=1&next=%2Fdashboard$/);
  await expect(page.getByRole("button", { name: "Sign in", exact: true })).toBeVisible();
});
