import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";
import {
  createSigningKey,
  hmacWithPublicKey,
  payloadOf,
  rawToken,
  TEST_AUDIENCE,
  TEST_ISSUER,
} from "../testing/issuer.ts";
import { createKeySet } from "./key-set.ts";
import { createTokenVerifier, MAX_TOKEN_LENGTH } from "./token-verifier.ts";

let api: Harness;
let alice: TestUser;

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
});
afterAll(() => api?.close());

const now = () => Math.floor(Date.now() / 1000);

async function expectUnauthorized(authorization: string | undefined) {
  const headers: Record<string, string> = authorization === undefined ? {} : { authorization };
  const response = await api.call("GET", alice.tasks, { headers });
  expect(response.status).toBe(401);
  expect(response.headers.get("www-authenticate")).toMatch(/^Bearer realm="tasks"/);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  // The same body whatever the reason: nothing about why the token failed.
  expect(response.json).toMatchObject({
    status: 401,
    title: "Unauthorized",
    detail: "A valid bearer token is required.",
  });
  expect(Object.keys(response.json).sort()).toEqual([
    "detail",
    "instance",
    "status",
    "title",
    "type",
  ]);
}

describe("a valid token", () => {
  it("is accepted", async () => {
    const response = await api.call("GET", alice.tasks, { token: alice.token });
    expect(response.status).toBe(200);
  });

  it("is accepted with the Bearer scheme in any letter case", async () => {
    const response = await api.call("GET", alice.tasks, {
      headers: { authorization: `bearer ${alice.token}` },
    });
    expect(response.status).toBe(200);
  });

  it("is accepted a little after expiry, within the clock tolerance", async () => {
    const token = await api.issuer.sign(alice.id, { claims: { exp: now() - 2 } });
    expect((await api.call("GET", alice.tasks, { token })).status).toBe(200);
  });
});

describe("every invalid token gets 401 with a Bearer challenge", () => {
  const cases: [string, () => Promise<string | undefined>][] = [
    ["no Authorization header", async () => undefined],
    ["an empty header", async () => ""],
    ["another scheme", async () => `Basic ${Buffer.from("a:b").toString("base64")}`],
    ["Bearer with no token", async () => "Bearer "],
    ["a token that is not a JWT", async () => "Bearer not-a-jwt"],
    ["two dots and nothing else", async () => "Bearer .."],
    ["garbage base64 parts", async () => "Bearer aaaa.bbbb.cccc"],
    [
      "a JWT with a space inside",
      async () => `Bearer ${alice.token.slice(0, 10)} ${alice.token.slice(10)}`,
    ],
    [
      "alg none, no signature",
      async () => `Bearer ${rawToken({ alg: "none" }, payloadOf(alice.token))}`,
    ],
    [
      "alg None, no signature",
      async () => `Bearer ${rawToken({ alg: "None", typ: "JWT" }, payloadOf(alice.token))}`,
    ],
    [
      "alg none carrying a real signature",
      async () =>
        `Bearer ${rawToken({ alg: "none", kid: api.issuer.currentKey().kid }, payloadOf(alice.token), alice.token.split(".")[2])}`,
    ],
    [
      "HS256 keyed with the public key",
      async () => `Bearer ${hmacWithPublicKey(payloadOf(alice.token), api.issuer.currentKey())}`,
    ],
    [
      "RS256 header on an Ed25519 signature",
      async () => {
        const [, payload, signature] = alice.token.split(".");
        const header = Buffer.from(
          JSON.stringify({ alg: "RS256", kid: api.issuer.currentKey().kid }),
        ).toString("base64url");
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    [
      "a key nobody published",
      async () => `Bearer ${await api.issuer.sign(alice.id, { key: await createSigningKey() })}`,
    ],
    [
      "a foreign key claiming a published kid",
      async () => {
        const foreign = await createSigningKey(api.issuer.currentKey().kid);
        return `Bearer ${await api.issuer.sign(alice.id, { key: foreign })}`;
      },
    ],
    [
      "a foreign key embedded as a jwk header",
      async () => {
        const foreign = await createSigningKey();
        return `Bearer ${await api.issuer.sign(alice.id, { key: foreign, header: { jwk: foreign.publicJwk, kid: undefined } })}`;
      },
    ],
    [
      "a jku header pointing elsewhere",
      async () => {
        const foreign = await createSigningKey();
        return `Bearer ${await api.issuer.sign(alice.id, { key: foreign, header: { jku: "http://127.0.0.1:1/jwks", kid: foreign.kid } })}`;
      },
    ],
    [
      "expired",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { exp: now() - 60 } })}`,
    ],
    [
      "not yet valid",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { nbf: now() + 120 } })}`,
    ],
    [
      "issued in the future",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { iat: now() + 3600, exp: now() + 7200 } })}`,
    ],
    [
      "no exp",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { exp: undefined } })}`,
    ],
    [
      "exp as a string",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { exp: String(now() + 900) } })}`,
    ],
    [
      "another issuer",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { iss: "http://evil.test" } })}`,
    ],
    [
      "no issuer",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { iss: undefined } })}`,
    ],
    [
      "issuer with a trailing slash",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { iss: `${TEST_ISSUER}/` } })}`,
    ],
    [
      "another audience",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { aud: "other-api" } })}`,
    ],
    [
      "no audience",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { aud: undefined } })}`,
    ],
    [
      "no sub",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: undefined } })}`,
    ],
    [
      "an empty sub",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: "" } })}`,
    ],
    [
      "a numeric sub",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: 42 } })}`,
    ],
    [
      "a sub with a NUL",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: "a\u0000b" } })}`,
    ],
    [
      "a sub with a newline",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: "a\nb" } })}`,
    ],
    [
      "an over-long sub",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sub: "u".repeat(256) } })}`,
    ],
    [
      "no sid (SPEC R-S6)",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sid: undefined } })}`,
    ],
    [
      "an empty sid",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sid: "" } })}`,
    ],
    [
      "a numeric sid",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sid: 7 } })}`,
    ],
    [
      "no sexp (the session's end)",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sexp: undefined } })}`,
    ],
    [
      "sexp as a string",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { sexp: String(now() + 900) } })}`,
    ],
    [
      "a session that has reached its end (sexp passed)",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { sexp: now() - 1 } })}`,
    ],
    [
      "no amr (how the person signed in, R-M8)",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { amr: undefined } })}`,
    ],
    [
      "amr as a string",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { amr: "pwd otp" } })}`,
    ],
    [
      "an empty amr",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { amr: [] } })}`,
    ],
    [
      "no iat",
      async () => `Bearer ${await api.issuer.sign(alice.id, { claims: { iat: undefined } })}`,
    ],
    [
      "a lifetime longer than JWT_TTL",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { iat: now() - 60, exp: now() + 900 } })}`,
    ],
    [
      "a tampered payload",
      async () => {
        const [header, , signature] = alice.token.split(".");
        const payload = Buffer.from(
          JSON.stringify({ ...payloadOf(alice.token), sub: "someone-else" }),
        ).toString("base64url");
        return `Bearer ${header}.${payload}.${signature}`;
      },
    ],
    [
      "a tampered signature",
      async () => {
        const signature = alice.token.split(".")[2] ?? "";
        const flipped = `${signature.slice(0, -2)}${signature.endsWith("AA") ? "BA" : "AA"}`;
        return `Bearer ${alice.token.split(".").slice(0, 2).join(".")}.${flipped}`;
      },
    ],
    ["a signature stripped", async () => `Bearer ${alice.token.split(".").slice(0, 2).join(".")}.`],
    [
      "an oversized token",
      async () =>
        `Bearer ${await api.issuer.sign(alice.id, { claims: { pad: "x".repeat(MAX_TOKEN_LENGTH) } })}`,
    ],
    ["a JWE-shaped token", async () => `Bearer ${"a.".repeat(4)}a`],
  ];

  it.each(cases)("%s", async (_name, make) => {
    await expectUnauthorized(await make());
  });

  it("also on every method and path under /api", async () => {
    const bad = `Bearer ${rawToken({ alg: "none" }, payloadOf(alice.token))}`;
    const id = "00000000-0000-4000-8000-000000000000";
    for (const [method, path] of [
      ["POST", alice.tasks],
      ["GET", `${alice.tasks}/${id}`],
      ["PUT", `${alice.tasks}/${id}`],
      ["DELETE", `${alice.tasks}/${id}`],
      ["PATCH", `${alice.tasks}/${id}/complete`],
      ["GET", `/api/${alice.id}/unknown`],
    ] as const) {
      const body = method === "GET" ? undefined : { title: "x" };
      const response = await api.call(method, path, { headers: { authorization: bad }, body });
      expect(response.status, `${method} ${path}`).toBe(401);
    }
  });

  it("never writes anything", async () => {
    const expired = await api.issuer.sign(alice.id, { claims: { exp: now() - 60 } });
    await api.call("POST", alice.tasks, { token: expired, body: { title: "should not exist" } });
    const list = await api.call("GET", alice.tasks, { token: alice.token });
    expect(list.json.tasks).toEqual([]);
  });
});

describe("verified tokens are remembered", () => {
  /** A verifier of its own, against the harness's issuer, with the given tolerance. */
  function verifierFor(options: { clockToleranceSeconds: number; maxCachedTokens?: number }) {
    const keySet = createKeySet({ url: api.issuer.jwksUrl, cooldownMs: 0, maxAgeMs: 300_000 });
    return createTokenVerifier({
      keySet,
      revocations: api.revocations,
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      algorithms: ["EdDSA"],
      maxTokenLifetimeSeconds: 900,
      ...options,
    });
  }
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it("but a remembered token is refused once it expires", async () => {
    const verifier = verifierFor({ clockToleranceSeconds: 0 });
    // At least a whole second to live, however late in the current second this runs
    // (now() + 1 left as little as a few ms, and a busy machine missed it).
    const exp = now() + 2;
    const token = await api.issuer.sign(alice.id, { claims: { exp, sid: "s1" } });
    expect(await verifier.verify(token)).toEqual({
      userId: alice.id,
      sessionId: "s1",
      secondFactor: false,
    });
    expect(verifier.cachedTokens()).toBe(1);
    expect(await verifier.verify(token)).toEqual({
      userId: alice.id,
      sessionId: "s1",
      secondFactor: false,
    });
    await sleep(exp * 1000 - Date.now() + 20);
    expect(await verifier.verify(token)).toBeNull();
  });

  it("only after every check passed, and never more than the bound", async () => {
    const verifier = verifierFor({ clockToleranceSeconds: 5, maxCachedTokens: 3 });
    // One whole character of the signature changed (the last one carries padding bits,
    // which decoders may ignore, so a change there could leave the signature intact).
    const [header, payload, signature = ""] = alice.token.split(".");
    const forged = `${header}.${payload}.${signature[0] === "A" ? "B" : "A"}${signature.slice(1)}`;
    expect(await verifier.verify(forged)).toBeNull();
    expect(verifier.cachedTokens()).toBe(0);
    const tokens = await Promise.all(
      ["a", "b", "c", "d", "e"].map((name) => api.issuer.sign(`${alice.id}-${name}`)),
    );
    for (const token of tokens) expect(await verifier.verify(token)).not.toBeNull();
    expect(verifier.cachedTokens()).toBe(3);
    // The forgotten ones are simply verified again.
    for (const token of tokens) expect(await verifier.verify(token)).not.toBeNull();
  });
});
