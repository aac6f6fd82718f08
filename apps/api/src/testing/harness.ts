/**
 * A whole API for one test file: a fresh migrated database, a test token issuer, and the
 * app built exactly as src/index.ts builds it. Requests go through `app.request()`.
 */
import { randomUUID } from "node:crypto";
import { createDatabase, createPool, type Database, schema } from "@tasks/db";
import { createTestDatabase, type TestDatabase, testDatabasesAreEmbedded } from "@tasks/db/testing";
import { type Logger, pino } from "pino";
import { createApp } from "../app.ts";
import { createKeySet } from "../auth/key-set.ts";
import { createRevocationList, retentionFor } from "../auth/revocations.ts";
import { createTokenVerifier } from "../auth/token-verifier.ts";
import { createRateLimiter, type RateLimitOptions } from "../rate-limit.ts";
import { startTestIssuer, TEST_AUDIENCE, TEST_ISSUER, type TestIssuer } from "./issuer.ts";

export const WEB_ORIGIN = "http://localhost:3000";

/**
 * Waits, when the rate limit's fixed window of `windowMs` ends within `marginMs`, until the
 * next one begins: a test that counts requests must not straddle two windows.
 */
export async function awayFromWindowEnd(windowMs: number, marginMs = 30_000) {
  const left = windowMs - (Date.now() % windowMs);
  if (left < marginMs) await new Promise((resolve) => setTimeout(resolve, left + 50));
}

export interface HarnessOptions {
  /** Use this database instead of a new one (for example through a TCP proxy). */
  databaseUrl?: string;
  jwksCooldownMs?: number;
  jwksMaxAgeMs?: number;
  rateLimit?: RateLimitOptions;
  /** Name the list statements; by default only when test databases are on a server. */
  namedStatements?: boolean;
  /** The app's logger; silent by default. */
  logger?: Logger;
  /** Another harness's issuer, for a second instance that accepts the same tokens. */
  issuer?: TestIssuer;
  /** See RevocationListOptions.maxStalenessMs. */
  revocationStalenessMs?: number;
  /** AUTH_REQUIRE_MFA. */
  requireMfa?: boolean;
}

export interface TestUser {
  id: string;
  token: string;
  /** The user's tasks collection URL. */
  tasks: string;
}

export async function startHarness(options: HarnessOptions = {}) {
  const database: TestDatabase | undefined = options.databaseUrl
    ? undefined
    : await createTestDatabase();
  const databaseUrl = options.databaseUrl ?? (database as TestDatabase).url;
  const issuer: TestIssuer = options.issuer ?? (await startTestIssuer());
  const pool = createPool(databaseUrl, { max: 4 });
  const db: Database = createDatabase(pool, {
    namedStatements: options.namedStatements ?? !testDatabasesAreEmbedded(),
  });
  const keySet = createKeySet({
    url: issuer.jwksUrl,
    cooldownMs: options.jwksCooldownMs ?? 3_000,
    maxAgeMs: options.jwksMaxAgeMs ?? 300_000,
  });
  const logger = options.logger ?? pino({ level: "silent" });
  const auth = { clockToleranceSeconds: 5, maxTokenLifetimeSeconds: 900 };
  const revocations = createRevocationList({
    db,
    logger,
    retentionMs: retentionFor(auth),
    maxStalenessMs: options.revocationStalenessMs,
  });
  await revocations.start();
  const verifier = createTokenVerifier({
    keySet,
    revocations,
    issuer: TEST_ISSUER,
    audience: TEST_AUDIENCE,
    algorithms: ["EdDSA", "Ed25519"],
    ...auth,
  });
  const rateLimiter = createRateLimiter(
    db,
    options.rateLimit ?? { max: 100_000, windowMs: 60_000 },
  );
  const app = createApp({
    db,
    rateLimiter,
    verifier,
    logger,
    requireMfa: options.requireMfa,
    corsOrigin: WEB_ORIGIN,
    checkDatabase: async () => {
      await pool.query("select 1");
    },
  });

  async function createUser(): Promise<TestUser> {
    const id = randomUUID().replaceAll("-", "");
    await db
      .insert(schema.user)
      .values({ id, name: `User ${id.slice(0, 6)}`, email: `${id}@example.test` });
    return { id, token: await issuer.sign(id), tasks: `/api/${id}/tasks` };
  }

  interface CallOptions {
    token?: string;
    body?: unknown;
    headers?: Record<string, string>;
  }

  /** A JSON call; `body` is sent as JSON unless it is already a string or bytes. */
  async function call(method: string, path: string, options: CallOptions = {}) {
    const headers = new Headers(options.headers);
    if (options.token) headers.set("authorization", `Bearer ${options.token}`);
    let body: string | Uint8Array | undefined;
    if (options.body !== undefined) {
      body =
        typeof options.body === "string" || options.body instanceof Uint8Array
          ? options.body
          : JSON.stringify(options.body);
      if (!headers.has("content-type")) headers.set("content-type", "application/json");
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    const json =
      text && /json/.test(response.headers.get("content-type") ?? "")
        ? JSON.parse(text)
        : undefined;
    return { status: response.status, headers: response.headers, json, text };
  }

  return {
    app,
    db,
    pool,
    issuer,
    databaseUrl,
    createUser,
    call,
    rateLimiter,
    revocations,
    async close() {
      await revocations.stop();
      await rateLimiter.flush();
      await pool.end();
      if (!options.issuer) await issuer.close();
      await database?.drop();
    },
  };
}

export type Harness = Awaited<ReturnType<typeof startHarness>>;
