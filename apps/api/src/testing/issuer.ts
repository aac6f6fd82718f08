/**
 * A stand-in for the web app's token issuer in tests: its own Ed25519 keys, published as
 * a JWKS over real HTTP on loopback, so the API's production verification path is what
 * the tests exercise. Also forges the kinds of bad tokens an attacker would try.
 */
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from "jose";

export const TEST_ISSUER = "http://localhost:3000";
export const TEST_AUDIENCE = "tasks-api";

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function createSigningKey(kid: string = randomUUID()): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair("EdDSA", {
    crv: "Ed25519",
    extractable: true,
  });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: "EdDSA", use: "sig" };
  return { kid, privateKey, publicJwk };
}

export interface SignOptions {
  key?: SigningKey;
  /** Claims to add or override; `undefined` removes a default claim. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

export async function startTestIssuer() {
  let published: SigningKey[] = [await createSigningKey()];
  let fetches = 0;
  let available = true;

  const server = http.createServer((request, response) => {
    if (request.url !== "/api/auth/jwks") {
      response.writeHead(404).end();
      return;
    }
    fetches++;
    if (!available) {
      response.writeHead(503).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: published.map((k) => k.publicJwk) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const current = () => published[published.length - 1] as SigningKey;

  async function sign(subject: string, options: SignOptions = {}): Promise<string> {
    const key = options.key ?? current();
    const now = Math.floor(Date.now() / 1000);
    const claims: Record<string, unknown> = {
      sub: subject,
      email: `${subject}@example.test`,
      iss: TEST_ISSUER,
      aud: TEST_AUDIENCE,
      iat: now,
      exp: now + 900,
      // The session the token comes from, and that session's end (SPEC R-S6).
      sid: `session-${randomUUID()}`,
      sexp: now + 7 * 86_400,
      // How the person signed in (RFC 8176; R-M8): a password alone.
      amr: ["pwd"],
      ...options.claims,
    };
    for (const [name, value] of Object.entries(claims))
      if (value === undefined) delete claims[name];
    return new SignJWT(claims as JWTPayload)
      .setProtectedHeader({ alg: "EdDSA", kid: key.kid, ...options.header })
      .sign(key.privateKey);
  }

  return {
    jwksUrl: `http://127.0.0.1:${port}/api/auth/jwks`,
    sign,
    currentKey: current,
    fetchCount: () => fetches,
    /** Publishes a new key and signs with it from now on; older keys stay published. */
    async rotate(): Promise<SigningKey> {
      const key = await createSigningKey();
      published = [...published, key];
      return key;
    },
    unpublish(kid: string) {
      published = published.filter((k) => k.kid !== kid);
    },
    setAvailable(value: boolean) {
      available = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type TestIssuer = Awaited<ReturnType<typeof startTestIssuer>>;

const base64url = (value: unknown) =>
  Buffer.from(typeof value === "string" ? value : JSON.stringify(value)).toString("base64url");

/** A compact JWS from raw parts, for tokens no honest library would produce. */
export function rawToken(header: unknown, payload: unknown, signature = ""): string {
  return `${base64url(header)}.${base64url(payload)}.${signature}`;
}

/** HS256 "signed" with the public key as the HMAC secret: the algorithm-confusion attack. */
export function hmacWithPublicKey(payload: Record<string, unknown>, key: SigningKey): string {
  const head = `${base64url({ alg: "HS256", typ: "JWT", kid: key.kid })}.${base64url(payload)}`;
  const secret = JSON.stringify(key.publicJwk);
  return `${head}.${createHmac("sha256", secret).update(head).digest("base64url")}`;
}

/** Decodes a token's payload without verifying it (tests only). */
export function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}
