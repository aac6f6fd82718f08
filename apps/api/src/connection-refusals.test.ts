/**
 * A database that refuses new connections is an outage, whatever it answers (SPEC R-O3):
 * task requests get 503 with Retry-After and a friendly problem, nothing is logged as an
 * unhandled error, and the API recovers on its own. Real PostgreSQL only (the refusals are
 * the server's own), on a database and a role this file creates and drops.
 */
import { randomUUID } from "node:crypto";
import { createTestDatabase, runAdminQuery, type TestDatabase } from "@tasks/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "./testing/harness.ts";
import { captureLogs } from "./testing/log-capture.ts";

const serverUrl = process.env.TEST_DATABASE_URL;
const role = `tasks_refusal_${randomUUID().replaceAll("-", "").slice(0, 12)}`;
let database: TestDatabase;
let name: string;
let api: Harness;
let alice: TestUser;
const logs = captureLogs();

const admin = (sql: string, url = serverUrl ?? "") => runAdminQuery(url, sql);

/** Ends the API's open connections, so that its next request has to connect anew. */
async function dropConnections() {
  await admin(`select pg_terminate_backend(pid) from pg_stat_activity where usename = '${role}'`);
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe.skipIf(!serverUrl)("when PostgreSQL refuses new connections (SPEC R-O3)", () => {
  beforeAll(async () => {
    database = await createTestDatabase();
    name = new URL(database.url).pathname.slice(1);
    await admin(`create role "${role}" login`);
    await admin(
      `grant all on all tables in schema public to "${role}";
       grant all on all sequences in schema public to "${role}"`,
      database.url,
    );
    const url = new URL(database.url);
    url.username = role;
    api = await startHarness({ databaseUrl: url.toString(), logger: logs.logger });
    alice = await api.createUser();
  });
  afterAll(async () => {
    await api?.close();
    await database?.drop();
    await admin(`drop role if exists "${role}"`);
  });

  const refusals: [string, string, () => string, () => string][] = [
    [
      "the database is not accepting connections",
      "55000",
      () => `alter database "${name}" allow_connections false`,
      () => `alter database "${name}" allow_connections true`,
    ],
    [
      "the role's connections are used up",
      "53300",
      () => `alter role "${role}" connection limit 0`,
      () => `alter role "${role}" connection limit -1`,
    ],
    [
      "the database's connections are used up",
      "53300",
      () => `alter database "${name}" connection limit 0`,
      () => `alter database "${name}" connection limit -1`,
    ],
    [
      "the role may no longer log in",
      "28000",
      () => `alter role "${role}" nologin`,
      () => `alter role "${role}" login`,
    ],
    [
      "connecting to the database is no longer granted",
      "42501",
      () => `revoke connect on database "${name}" from public`,
      () => `grant connect on database "${name}" to public`,
    ],
  ];

  it.each(refusals)(
    "answers 503 when %s (SQLSTATE %s), then recovers",
    async (_, code, refuse, restore) => {
      const created = await api.call("POST", alice.tasks, {
        token: alice.token,
        body: { title: "Before" },
      });
      expect(created.status, created.text).toBe(201);
      logs.lines.length = 0;

      await admin(refuse());
      try {
        await dropConnections();
        for (const [method, path, body] of [
          ["GET", alice.tasks, undefined],
          ["GET", `${alice.tasks}/counts`, undefined],
          ["POST", alice.tasks, { title: "During" }],
          ["PUT", `${alice.tasks}/${created.json.id}`, { title: "x" }],
        ] as const) {
          const response = await api.call(method, path, { token: alice.token, body });
          expect(response.status, `${method} ${path}: ${response.text}`).toBe(503);
          expect(response.headers.get("retry-after")).toBe("5");
          expect(response.headers.get("content-type")).toBe("application/problem+json");
          expect(response.json).toMatchObject({ status: 503, title: "Service unavailable" });
          expect(response.json.detail).toMatch(/try again/i);
          expect(response.text).not.toContain(code);
        }
        expect((await api.call("GET", "/ready")).status).toBe(503);
      } finally {
        await admin(restore());
      }
      expect(logs.lines.filter((line) => line.msg === "unhandled error")).toEqual([]);
      const outages = logs.lines.filter((line) => line.msg === "database unavailable");
      expect(outages.length).toBeGreaterThan(0);
      for (const line of outages) {
        expect(line.err).toMatchObject({
          code,
          message: expect.stringMatching(/Could not connect/),
        });
      }

      const after = await api.call("GET", alice.tasks, { token: alice.token });
      expect(after.status).toBe(200);
      expect((await api.call("GET", "/ready")).status).toBe(200);
    },
  );
});
