import "server-only";
import { createDatabase, createPool, type Database, describeError } from "@tasks/db";
import type pg from "pg";
import { webConfig } from "../env.ts";
import { logger } from "./logger.ts";

let pool: pg.Pool | undefined;
let db: Database | undefined;

/**
 * The process's one pool, created on first use: `next build` loads route modules, and
 * nothing may connect at import time.
 */
export function getPool(): pg.Pool {
  if (!pool) {
    const config = webConfig();
    pool = createPool(config.databaseUrl, {
      max: config.databasePoolMax,
      applicationName: "tasks-web",
      onError: (error) =>
        logger().warn({ err: describeError(error) }, "idle database connection failed"),
    });
    // server.ts closes the pool on shutdown; Next.js bundles this module apart from it.
    (globalThis as { [key: symbol]: unknown })[Symbol.for("tasks.web.closePool")] = closePool;
  }
  return pool;
}

export function getDb(): Database {
  db ??= createDatabase(getPool());
  return db;
}

export async function closePool(): Promise<void> {
  await pool?.end();
  pool = undefined;
  db = undefined;
}
