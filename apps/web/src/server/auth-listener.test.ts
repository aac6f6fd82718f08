/**
 * The custom server's bridge for /api/auth/* over real HTTP: what the auth handler is
 * given, and what the client receives, with a stand-in handler (no database needed).
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_ADDRESS_HEADER } from "./client-address.ts";
import { TEST_SECRET, WEB_URL } from "./testing/auth-harness.ts";

Object.assign(process.env, {
  DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
  BETTER_AUTH_SECRET: TEST_SECRET,
  WEB_URL,
  LOG_LEVEL: "silent",
});
const { createAuthListener, isAuthRequest } = await import("./auth-listener.ts");
const { logger } = await import("./logger.ts");

/** What the stand-in handler was given, and what it answers next. */
let seen: { url: string; method: string; address: string | null; body: string } | undefined;
let answer: () => Promise<Response> = async () => new Response(null, { status: 204 });

const listen = createAuthListener(async (request) => {
  seen = {
    url: request.url,
    method: request.method,
    address: request.headers.get(CLIENT_ADDRESS_HEADER),
    body: request.body ? await request.text() : "",
  };
  return answer();
}, WEB_URL);

/** Like server.ts: the address it vouches for replaces the client's, then the listener. */
const server = http.createServer((request: IncomingMessage, response: ServerResponse) => {
  request.headers[CLIENT_ADDRESS_HEADER] = "198.51.100.7";
  void listen(request, response);
});
let base = "";
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe("the auth listener", () => {
  it("takes /api/auth/ paths only", () => {
    expect(isAuthRequest("/api/auth/get-session")).toBe(true);
    expect(isAuthRequest("/api/auth/")).toBe(true);
    expect(isAuthRequest("/api/auth")).toBe(false);
    expect(isAuthRequest("/api/authx")).toBe(false);
    expect(isAuthRequest("/dashboard")).toBe(false);
  });

  it("gives the handler the configured origin, the vouched address and the body", async () => {
    answer = async () => Response.json({ ok: true });
    const response = await fetch(`${base}/api/auth/sign-in/email?x=1`, {
      method: "POST",
      headers: { host: "evil.example", [CLIENT_ADDRESS_HEADER]: "203.0.113.66" },
      body: '{"email":"ada@example.com"}',
    });
    expect(response.status).toBe(200);
    expect(seen).toEqual({
      url: `${WEB_URL}/api/auth/sign-in/email?x=1`,
      method: "POST",
      address: "198.51.100.7",
      body: '{"email":"ada@example.com"}',
    });
  });

  it("writes the answer whole: Content-Length, every Set-Cookie apart", async () => {
    answer = async () => {
      const headers = new Headers({ "content-type": "application/json" });
      headers.append("set-cookie", "a=1; Path=/; HttpOnly; Expires=Wed, 09 Dec 2026 10:00:00 GMT");
      headers.append("set-cookie", "b=2; Path=/");
      return new Response('{"user":"ada"}', { status: 200, headers });
    };
    const response = await fetch(`${base}/api/auth/get-session`);
    expect(response.headers.get("content-length")).toBe(String('{"user":"ada"}'.length));
    expect(response.headers.getSetCookie()).toEqual([
      "a=1; Path=/; HttpOnly; Expires=Wed, 09 Dec 2026 10:00:00 GMT",
      "b=2; Path=/",
    ]);
    expect(await response.text()).toBe('{"user":"ada"}');
    const head = await fetch(`${base}/api/auth/get-session`, { method: "HEAD" });
    expect(seen?.method).toBe("HEAD");
    expect(await head.text()).toBe("");
  });

  it("sends no Content-Length with a 204 (RFC 9110 §8.6)", async () => {
    answer = async () => new Response(null, { status: 204, headers: { allow: "GET, HEAD" } });
    const response = await fetch(`${base}/api/auth/get-session`, { method: "OPTIONS" });
    expect(response.status).toBe(204);
    expect(response.headers.get("content-length")).toBeNull();
    expect(response.headers.get("allow")).toBe("GET, HEAD");
  });

  it("answers 503 and logs when the handler throws or answers what Node cannot send", async () => {
    const logged = vi.spyOn(logger(), "error").mockImplementation(() => {});
    answer = async () => {
      throw new Error("boom");
    };
    const thrown = await fetch(`${base}/api/auth/get-session`);
    expect(thrown.status).toBe(503);
    expect(thrown.headers.get("retry-after")).not.toBeNull();
    answer = async () => {
      const headers = new Headers({ "x-broken": "a\u0001b" });
      headers.append("set-cookie", "leak=1");
      return new Response("{}", { headers });
    };
    const unsendable = await fetch(`${base}/api/auth/get-session`);
    expect(unsendable.status).toBe(503);
    expect(unsendable.headers.getSetCookie()).toEqual([]);
    expect(logged).toHaveBeenCalledTimes(2);
    // The server is still up.
    answer = async () => Response.json({});
    expect((await fetch(`${base}/api/auth/get-session`)).status).toBe(200);
  });
});
