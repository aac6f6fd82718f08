/**
 * The OpenAPI document as the app serves it, without a database: the app is built as
 * src/index.ts builds it, from dependencies that GET /openapi.json never calls (the pool
 * connects on first query, the keys are fetched on first token), so the tools' tests do
 * not wait for a test database.
 */
import { createDatabase, createPool } from "@tasks/db";
import { pino } from "pino";
import { createApp } from "../app.ts";
import { createKeySet } from "../auth/key-set.ts";
import { createRevocationList } from "../auth/revocations.ts";
import { createTokenVerifier } from "../auth/token-verifier.ts";
import { createRateLimiter } from "../rate-limit.ts";
import { WEB_ORIGIN } from "./harness.ts";
import { TEST_AUDIENCE, TEST_ISSUER } from "./issuer.ts";

/** GET /openapi.json of a freshly built app, parsed. */
export async function servedDocument(): Promise<unknown> {
  const nowhere = "http://127.0.0.1:9";
  const pool = createPool("postgres://nobody@127.0.0.1:9/none", { max: 1 });
  const db = createDatabase(pool);
  const logger = pino({ level: "silent" });
  const app = createApp({
    db,
    rateLimiter: createRateLimiter(db, { max: 1, windowMs: 60_000 }),
    verifier: createTokenVerifier({
      keySet: createKeySet({ url: `${nowhere}/jwks`, cooldownMs: 3_000, maxAgeMs: 300_000 }),
      // Never started: nothing here verifies a token.
      revocations: createRevocationList({ db, logger, retentionMs: 960_000 }),
      issuer: TEST_ISSUER,
      audience: TEST_AUDIENCE,
      algorithms: ["EdDSA"],
      clockToleranceSeconds: 5,
      maxTokenLifetimeSeconds: 900,
    }),
    logger,
    corsOrigin: WEB_ORIGIN,
    checkDatabase: async () => {},
  });
  try {
    return await (await app.request("/openapi.json")).json();
  } finally {
    await pool.end();
  }
}
