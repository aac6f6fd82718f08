import { API_URL, expect, test } from "./fixtures";

test("pages carry a nonce-based CSP and the other security headers", async ({ request }) => {
  const first = await request.get("/signin");
  const second = await request.get("/signin");
  const headers = first.headers();
  const policy = headers["content-security-policy"] ?? "";
  for (const directive of [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    `connect-src 'self' ${API_URL}`,
  ]) {
    expect(policy).toContain(directive);
  }
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}' 'strict-dynamic'/);
  expect(policy).not.toContain("unsafe-inline");
  expect(policy).not.toContain("unsafe-eval");
  const nonceOf = (value: string) => /'nonce-([^']+)'/.exec(value)?.[1];
  expect(nonceOf(second.headers()["content-security-policy"] ?? "")).not.toBe(nonceOf(policy));
  // Next.js puts the nonce on its scripts.
  expect(await first.text()).toContain(`nonce="${nonceOf(policy)}"`);

  expect(headers).toMatchObject({
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    // Kept although it slows Lighthouse's lab load (decision 055).
    "cross-origin-opener-policy": "same-origin",
  });
  expect(headers["permissions-policy"]).toContain("camera=()");
  expect(headers["x-request-id"]).toMatch(/^[\w.:-]+$/);
  // Plain HTTP here: HSTS is only sent when WEB_URL is https.
  expect(headers["strict-transport-security"]).toBeUndefined();
});

test("the session cookie is HttpOnly and SameSite", async ({ request, baseURL }) => {
  const response = await request.post("/api/auth/sign-up/email", {
    headers: { origin: baseURL ?? "" },
    data: { email: `headers-${Date.now()}@example.com`, password: "correct horse battery" },
  });
  const cookie = response
    .headersArray()
    .find((h) => h.name.toLowerCase() === "set-cookie" && h.value.includes("session_token"));
  expect(cookie?.value).toMatch(/HttpOnly/);
  expect(cookie?.value).toMatch(/SameSite=Lax/);
});

test("credentials posted from another site are refused", async ({
  request,
  playwright,
  baseURL,
}) => {
  const email = `cross-site-${Date.now()}@example.com`;
  const credentials = { email, password: "correct horse battery" };
  const crossSite = { origin: "https://evil.example", "sec-fetch-site": "cross-site" };
  const signUp = await request.post("/api/auth/sign-up/email", {
    headers: crossSite,
    data: credentials,
  });
  expect(signUp.status()).toBe(403);
  // The account is made elsewhere, so `request` still holds no cookie: a first sign-in.
  const elsewhere = await playwright.request.newContext({ baseURL });
  const sameSite = await elsewhere.post("/api/auth/sign-up/email", {
    headers: { origin: baseURL ?? "" },
    data: credentials,
  });
  expect(sameSite.status()).toBe(200);
  await elsewhere.dispose();
  expect((await request.storageState()).cookies).toEqual([]);
  const signIn = await request.post("/api/auth/sign-in/email", {
    headers: crossSite,
    data: credentials,
  });
  expect(signIn.status()).toBe(403);
  expect(signIn.headers()["set-cookie"]).toBeUndefined();
});

test("auth answers are never cached or compressed", async ({ request, baseURL }) => {
  const response = await request.post("/api/auth/sign-in/email", {
    headers: { origin: baseURL ?? "", "accept-encoding": "gzip, deflate, br" },
    data: { email: `nobody-${Date.now()}@example.com`, password: "correct horse battery" },
  });
  expect(response.status()).toBe(401);
  expect(response.headers()["cache-control"]).toBe("no-store, no-transform");
  expect(response.headers()["content-encoding"]).toBeUndefined();
});

test("auth answers carry the server's headers, and refuse a large body", async ({ request }) => {
  const session = await request.get("/api/auth/get-session");
  expect(session.status()).toBe(200);
  expect(session.headers()["x-request-id"]).toMatch(/^[\w.:-]+$/);
  expect(session.headers()["x-content-type-options"]).toBe("nosniff");
  const tooLarge = await request.post("/api/auth/sign-up/email", {
    headers: { "content-type": "application/json" },
    data: JSON.stringify({ email: "big@example.com", password: "x".repeat(20_000) }),
  });
  expect(tooLarge.status()).toBe(413);
  expect(tooLarge.headers()["cache-control"]).toBe("no-store, no-transform");
  // Another method on an open path: 405, naming the ones it takes (SPEC R-O9).
  const put = await request.fetch("/api/auth/get-session", { method: "PUT" });
  expect(put.status()).toBe(405);
  expect(put.headers().allow).toBe("GET, HEAD, OPTIONS");
});

test("API answers carry no-store, nosniff and Server-Timing", async ({ request }) => {
  const response = await request.get(`${API_URL}/api/nobody/tasks`);
  expect(response.status()).toBe(401);
  expect(response.headers()).toMatchObject({
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  expect(response.headers()["server-timing"]).toMatch(/^app;dur=[\d.]+$/);
});
