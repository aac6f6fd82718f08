/** Serves the API: `npm run start:api`. Configuration comes from the environment (src/env.ts). */
import { createDatabase, createPool, describeError } from "@tasks/db";
import { createApp } from "./app.ts";
import { createKeySet } from "./auth/key-set.ts";
import { createTokenVerifier } from "./auth/token-verifier.ts";
import { parseConfig } from "./env.ts";
import { createLogger } from "./http/logger.ts";
import { serveApi } from "./http/node-server.ts";
import { createRateLimiter } from "./rate-limit.ts";
import { handleShutdown } from "./shutdown.ts";

let config: ReturnType<typeof parseConfig>;
try {
  config = parseConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const logger = createLogger(config.logLevel);
const pool = createPool(config.databaseUrl, {
  max: config.databasePoolMax,
  applicationName: "tasks-api",
  onError: (error) => logger.warn({ err: describeError(error) }, "idle database connection failed"),
});
const keySet = createKeySet({
  url: config.auth.jwksUrl,
  cooldownMs: config.auth.jwksCooldownMs,
  maxAgeMs: config.auth.jwksMaxAgeMs,
});
const db = createDatabase(pool, { namedStatements: config.namedStatements });
const rateLimiter = createRateLimiter(db, config.rateLimit);
const app = createApp({
  db,
  rateLimiter,
  verifier: createTokenVerifier({ keySet, ...config.auth }),
  logger,
  corsOrigin: config.corsOrigin,
  checkDatabase: async () => {
    await pool.query("select 1");
  },
});

const server = serveApi({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
  logger.info({ host: info.address, port: info.port, jwks: config.auth.jwksUrl }, "api listening");
});

handleShutdown({
  server,
  logger,
  close: async () => {
    await rateLimiter.flush();
    await pool.end();
  },
});
