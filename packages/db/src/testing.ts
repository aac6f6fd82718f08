/**
 * Test databases: each test file gets its own, built by the real migrations.
 * Embedded (PGlite, in memory) by default; a new database on the server at
 * TEST_DATABASE_URL when that is set, dropped again by `drop()`.
 */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase } from "./embedded.ts";
import { migrateDatabase } from "./migrate.ts";

export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

export interface TestDatabase {
  url: string;
  /** PGlite: one session behind every connection (see DatabaseOptions.namedStatements). */
  embedded: boolean;
  drop(): Promise<void>;
}

/** Whether createTestDatabase() gives embedded databases: unless TEST_DATABASE_URL is set. */
export const testDatabasesAreEmbedded = () => !process.env.TEST_DATABASE_URL;

/** A new test database, built by the migrations unless `migrated` is false (left empty). */
export async function createTestDatabase({ migrated = true } = {}): Promise<TestDatabase> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  if (!serverUrl) {
    const embedded = await startEmbeddedDatabase();
    if (migrated) await migrateDatabase(embedded.url);
    return { url: embedded.url, embedded: true, drop: embedded.stop };
  }
  return createServerDatabase(serverUrl, "tasks_test_", migrated);
}

/**
 * A new database `prefix` + random suffix on the server at `serverUrl`, migrated unless
 * `migrated` is false; `drop()` removes it (so does a failed migration).
 */
export async function createServerDatabase(
  serverUrl: string,
  prefix: string,
  migrated = true,
): Promise<TestDatabase> {
  const name = `${prefix}${randomUUID().replaceAll("-", "")}`;
  await runAdminQuery(serverUrl, `create database "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const drop = () => runAdminQuery(serverUrl, `drop database if exists "${name}" with (force)`);
  try {
    if (migrated) await migrateDatabase(url.toString());
  } catch (error) {
    await drop();
    throw error;
  }
  return { url: url.toString(), embedded: false, drop };
}

async function runAdminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
