import "server-only";
import { createDatabase, createPool, type Database } from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { forget, remember } from "@tasks/service/remember";
import { onShutdown } from "@tasks/service/shutdown";
import type pg from "pg";
import { webConfig } from "../env.ts";
import { logger } from "./logger.ts";

const POOL = "web.db-pool";

/** The process's one pool, created on first use (nothing may connect at build time). */
export function getPool(): pg.Pool {
  return remember(POOL, () => {
    const config = webConfig();
    const pool = createPool(config.databaseUrl, {
      max: config.databasePoolMax,
      applicationName: "tasks-web",
      onError: (error) =>
        logger().warn({ err: describeError(error) }, "idle database connection failed"),
    });
    onShutdown(() => closePool());
    return pool;
  });
}

export function getDb(): Database {
  return remember("web.db", () => createDatabase(getPool()));
}

/** Closes the pool; the next `getPool()` opens a new one (tests restart with it). */
export async function closePool(): Promise<void> {
  forget("web.db");
  await forget<pg.Pool>(POOL)?.end();
}
