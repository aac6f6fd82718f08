import { createRequire } from "node:module";
import path from "node:path";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import { createDatabase, createPool } from "./client.ts";
import { foldStoredText } from "./text-keys.ts";

// Found through the package, not this file: bundles (scripts/build.ts) move this file.
const packageJson = createRequire(import.meta.url).resolve("@tasks/db/package.json");
const migrationsFolder = path.join(path.dirname(packageJson), "migrations");

/** Any fixed number: every instance takes the same lock, so migrations never race. */
const MIGRATION_LOCK_ID = 7_226_180_041;

/** Applies pending migrations, then folds older rows (text-keys.ts); safe to run concurrently. */
export async function migrateDatabase(url: string): Promise<void> {
  const pool = createPool(url, { max: 1, applicationName: "tasks-migrate", queryTimeoutMs: 0 });
  try {
    const client = await pool.connect();
    try {
      await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
      await migrate(createDatabase(client), { migrationsFolder });
      await foldStoredText(client);
    } finally {
      await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => {});
      client.release();
    }
  } finally {
    await pool.end();
  }
}
