/**
 * The token source and its request (`requestToken`) against a real HTTP server on loopback
 * that plays Better Auth's /api/auth/token.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SessionExpiredError } from "./session-expired.ts";
import { createTokenSource, requestToken, type TokenSource } from "./token-source.ts";

let server: http.Server;
let origin: string;
let requests: string[] = [];
/** The next answer: its status, its token's lifetime, or a body of its own instead. */
let answer: { status: number; expiresIn: number; body?: string } = { status: 200, expiresIn: 900 };
let issued = 0;
let tokens: TokenSource | undefined;

/** An unsigned JWT-shaped token with `exp`: the token source reads only that. */
function tokenExpiringIn(seconds: number): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const exp = Math.floor(Date.now() / 1000) + seconds;
  return `${part({ alg: "EdDSA" })}.${part({ sub: "u1", exp, n: ++issued })}.signature`;
}

beforeAll(async () => {
  server = http.createServer((request, response) => {
    requests.push(`${request.method} ${request.url}`);
    response.setHeader("content-type", "application/json");
    response.setHeader("cache-control", "no-store");
    response.statusCode = answer.status;
    if (answer.body !== undefined) {
      response.end(answer.body);
    } else if (answer.status === 200) {
      response.end(JSON.stringify({ token: tokenExpiringIn(answer.expiresIn) }));
    } else {
      response.end(JSON.stringify({ code: "UNAUTHORIZED", message: "Unauthorized" }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  requests = [];
  answer = { status: 200, expiresIn: 900 };
});

afterEach(() => {
  tokens?.clear();
  vi.useRealTimers();
});

function source() {
  const expired = { count: 0 };
  tokens = createTokenSource({
    fetchToken: () => requestToken(origin),
    onExpired: () => {
      expired.count++;
    },
  });
  return { tokens, expired };
}

describe("createTokenSource", () => {
  it("asks once for a token and keeps it in memory while it is fresh", async () => {
    const { tokens } = source();
    const [first, second] = await Promise.all([tokens.get(), tokens.get()]);
    expect(second).toBe(first);
    expect(await tokens.get()).toBe(first);
    // One request to the token endpoint, and nothing else (no session lookups).
    expect(requests).toEqual(["GET /api/auth/token"]);
  });

  it("renews on demand, concurrent callers sharing one request", async () => {
    const { tokens } = source();
    const first = await tokens.get();
    const [a, b] = await Promise.all([tokens.renew(), tokens.renew()]);
    expect(a).toBe(b);
    expect(a).not.toBe(first);
    expect(await tokens.get()).toBe(a);
    expect(requests).toHaveLength(2);
  });

  it("renews a minute before the token expires", async () => {
    const { tokens } = source();
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    answer.expiresIn = 90; // `exp` in whole seconds: 89 to 90 s from now
    const first = await tokens.get();
    await vi.advanceTimersByTimeAsync(28_000);
    expect(requests).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2_500);
    await vi.waitFor(() => expect(requests).toHaveLength(2));
    vi.useRealTimers();
    expect(await tokens.get()).not.toBe(first);
    expect(requests).toHaveLength(2);
  });

  it("takes a 401 as the end of the session: onExpired, SessionExpiredError, no token kept", async () => {
    const { tokens, expired } = source();
    await tokens.get();
    answer.status = 401;
    await expect(tokens.renew()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(expired.count).toBe(1);
    await expect(tokens.get()).rejects.toBeInstanceOf(SessionExpiredError);
    expect(requests).toHaveLength(3);
  });

  it("takes an answer without a token as a failure, not as a token", async () => {
    const { tokens, expired } = source();
    answer.body = "<html>a proxy's page</html>";
    const failure = await tokens.get().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(SessionExpiredError);
    expect(expired.count).toBe(0);
  });

  it("takes another failure as a failure, not as the end of the session", async () => {
    const { tokens, expired } = source();
    answer.status = 503;
    const failure = await tokens.get().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toBeInstanceOf(SessionExpiredError);
    expect(expired.count).toBe(0);
  });
});
