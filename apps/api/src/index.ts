/** Serves the API: `npm run start:api`. Configuration comes from the environment (src/env.ts). */
import type { AddressInfo } from "node:net";
import { createDatabase, createPool } from "@tasks/db";
import { loadConfigOrExit } from "@tasks/service/config";
import { listenOrExit } from "@tasks/service/listen";
import { createLogger, describeError } from "@tasks/service/logger";
import { onShutdown, shutDownGracefully } from "@tasks/service/shutdown";
import { createApp } from "./app.ts";
import { createKeySet } from "./auth/key-set.ts";
import { createRevocationList, retentionFor } from "./auth/revocations.ts";
import { createTokenVerifier } from "./auth/token-verifier.ts";
import { parseConfig } from "./env.ts";
import { createApiServer } from "./http/node-server.ts";
import { createRateLimiter } from "./rate-limit.ts";

const config = loadConfigOrExit(parseConfig);
const logger = createLogger({ service: "api", level: config.logLevel });
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
const revocations = createRevocationList({ db, logger, retentionMs: retentionFor(config.auth) });
const app = createApp({
  db,
  rateLimiter,
  verifier: createTokenVerifier({ keySet, revocations, ...config.auth }),
  logger,
  requireMfa: config.auth.requireMfa,
  corsOrigin: config.corsOrigin,
  checkDatabase: async () => {
    await pool.query("select 1");
    if (!revocations.isFresh()) throw new Error("ended sessions not known yet");
  },
});
// Until the first poll has loaded the ended sessions, tokens are answered 503, never let in.
void revocations.start();

const server = createApiServer(app.fetch);
listenOrExit(server, { host: config.host, port: config.port, portVariable: "API_PORT" }, () => {
  const { address, port } = server.address() as AddressInfo;
  logger.info({ host: address, port, jwks: config.auth.jwksUrl }, "api listening");
});

shutDownGracefully({ server, logger, delaySeconds: config.shutdownDelaySeconds });
onShutdown(async () => {
  await revocations.stop();
  await rateLimiter.flush();
  await pool.end();
});
