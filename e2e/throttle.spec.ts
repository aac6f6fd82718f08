/**
 * Sign-in throttling against the production server (SPEC R-A9; decision 031), on the
 * second instance, which keeps the default limit of 10 attempts a minute: the bucket is
 * the client's socket address, whatever forwarding headers the client writes, and another
 * client (another address) has its own.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";
import { THROTTLED_WEB_URL } from "../playwright.config";

/** A sign-in attempt from `localAddress` (a loopback address of its own) with `headers`. */
function attempt(localAddress: string, headers: Record<string, string>) {
  const body = JSON.stringify({ email: "victim@example.com", password: "guess-guess" });
  return new Promise<{ status: number; retryAfter?: string }>((resolve, reject) => {
    const url = new URL("/api/auth/sign-in/email", THROTTLED_WEB_URL);
    url.hostname = "127.0.0.1"; // where the server listens, over IPv4 like localAddress
    const request = http.request(url, {
      method: "POST",
      localAddress,
      headers: { "content-type": "application/json", origin: THROTTLED_WEB_URL, ...headers },
    });
    request.on("response", (response) => {
      response.resume();
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          retryAfter: response.headers["retry-after"]?.toString(),
        }),
      );
    });
    request.on("error", reject);
    request.end(body);
  });
}

test("forged X-Forwarded-For, X-Real-IP and Forwarded never pick the bucket", async () => {
  for (let i = 0; i < 10; i++) {
    const forged = {
      "x-forwarded-for": `203.0.113.${i}`,
      "x-real-ip": `198.51.100.${i}`,
      forwarded: `for=192.0.2.${i}`,
    };
    expect((await attempt("127.0.0.1", forged)).status).toBe(401);
  }
  const refused = await attempt("127.0.0.1", { "x-forwarded-for": "198.51.100.77" });
  expect(refused.status).toBe(429);
  expect(Number(refused.retryAfter)).toBeGreaterThan(0);
  const more: Record<string, string>[] = [
    { "x-forwarded-for": "10.9.8.7, 10.0.0.1" },
    { "x-real-ip": "10.9.8.7" },
    { forwarded: "for=10.9.8.7;proto=https" },
    {},
  ];
  for (const forged of more) {
    expect((await attempt("127.0.0.1", forged)).status).toBe(429);
  }
});

test("another client, at another address, has its own bucket", async () => {
  // Loopback addresses of their own: two clients on this machine.
  for (let i = 0; i < 10; i++) await attempt("127.0.0.3", {});
  expect((await attempt("127.0.0.3", {})).status).toBe(429);
  const other = await attempt("127.0.0.4", { "x-forwarded-for": "127.0.0.3" });
  expect(other.status).toBe(401);
});
