/** How the bench starts each server: the product's own entry points, configured by env. */

import { TEST_ISSUER } from "../../apps/api/src/testing/issuer.ts";
import { freePort, launch, type Service } from "../processes.ts";

/** Far above what a phase sends: the per-person limit must never refuse a bench request. */
const UNLIMITED = "1000000";
const WEB_SECRET = "bench-secret-that-is-long-enough-0123456789abcdef";

export interface ApiOptions {
  databaseUrl: string;
  /** PGlite serves every connection from one session: no named statements there. */
  embedded?: boolean;
  jwksUrl: string;
  /** The tokens' issuer: the bench's test issuer unless web issues them. */
  issuer?: string;
  logLevel: string;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** Run the API of another checkout (scripts/bench/worktree.ts) instead of this one. */
  checkout?: string;
}

/** The API as `npm run start:api` runs it, with the bench's test issuer as key source. */
export async function startApi(options: ApiOptions): Promise<Service> {
  const port = await freePort();
  return launch({
    name: "api",
    entry: "apps/api/src/index.ts",
    port,
    nodeArgs: options.nodeArgs,
    cwd: options.checkout,
    healthPath: "/health",
    env: {
      NODE_ENV: "production",
      DATABASE_URL: options.databaseUrl,
      DATABASE_NAMED_STATEMENTS: String(!options.embedded),
      API_PORT: String(port),
      AUTH_JWKS_URL: options.jwksUrl,
      AUTH_ISSUER: options.issuer ?? TEST_ISSUER,
      LOG_LEVEL: options.logLevel,
      API_RATE_LIMIT_MAX: UNLIMITED,
    },
  });
}

/** The floor: scripts/bench/bare-server.ts on the same database, same pool size. */
export async function startBare(databaseUrl: string, nodeArgs?: string[]): Promise<Service> {
  const port = await freePort();
  return launch({
    name: "bare",
    entry: "scripts/bench/bare-server.ts",
    port,
    nodeArgs,
    healthPath: "/health",
    env: { NODE_ENV: "production", DATABASE_URL: databaseUrl, PORT: String(port) },
  });
}

/** The web app as `npm run start:web` runs it, in production mode (`nodeArgs`: --cpu-prof). */
export async function startWeb(databaseUrl: string, nodeArgs?: string[]): Promise<Service> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  return launch({
    name: "web",
    entry: "apps/web/server.ts",
    port,
    nodeArgs,
    healthPath: "/api/health",
    timeoutMs: 90_000,
    env: {
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: databaseUrl,
      BETTER_AUTH_SECRET: WEB_SECRET,
      WEB_PORT: String(port),
      WEB_URL: url,
      AUTH_RATE_LIMIT_MAX: "10000",
      LOG_LEVEL: "warn",
    },
  });
}
