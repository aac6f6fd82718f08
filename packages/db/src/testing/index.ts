/** Test databases, one per test file, built by the migrations: PGlite, or a new one at TEST_DATABASE_URL. */
import { randomUUID } from "node:crypto";
import pg from "pg";
import { startEmbeddedDatabase } from "../embedded.ts";
import { migrateDatabase } from "../migrate.ts";

export { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

export interface TestDatabase {
  url: string;
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

/** A new migrated (unless `migrated` is false) database on `serverUrl`; `drop()` removes it. */
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

/** Runs one statement on its own connection (`create database`, roles), then closes it. */
export async function runAdminQuery(serverUrl: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
