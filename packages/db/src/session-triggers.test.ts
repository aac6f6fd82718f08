/**
 * The rules the database keeps for sessions (migrations/0006_session_triggers.sql): every
 * deleted session is recorded as ended in the same transaction (SPEC R-S6), and no session
 * outlives its absolute end (R-S7).
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "./testing/index.ts";

let database: TestDatabase;
let client: pg.Client;
beforeAll(async () => {
  database = await createTestDatabase();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

let counter = 0;

async function createUser(): Promise<string> {
  const id = `user-${++counter}`;
  await client.query(
    `insert into "user" (id, name, email) values ($1, 'A', $1 || '@example.test')`,
    [id],
  );
  return id;
}

async function createSession(
  userId: string,
  {
    expiresIn = "7 days",
    absoluteIn = "30 days",
  }: { expiresIn?: string; absoluteIn?: string } = {},
): Promise<string> {
  const id = `session-${++counter}`;
  await client.query(
    `insert into session (id, token, user_id, expires_at, absolute_expires_at)
     values ($1, $1 || '-token', $2, now() + $3::interval, now() + $4::interval)`,
    [id, userId, expiresIn, absoluteIn],
  );
  return id;
}

async function endedSessions(ids: string[]): Promise<string[]> {
  const { rows } = await client.query(
    "select session_id from revoked_session where session_id = any($1) order by session_id",
    [ids],
  );
  return rows.map((row) => row.session_id);
}

describe("a deleted session", () => {
  it("is recorded as ended, at the commit of the transaction that deleted it", async () => {
    const userId = await createUser();
    const id = await createSession(userId);
    await client.query("begin");
    await client.query("delete from session where id = $1", [id]);
    // The database's clock, as the trigger reads it: the test's may differ from the server's.
    const clock = await client.query("select clock_timestamp() as now");
    const deletedAt = new Date(clock.rows[0].now).getTime();
    await new Promise((resolve) => setTimeout(resolve, 150));
    await client.query("commit");
    const { rows } = await client.query(
      "select revoked_at from revoked_session where session_id = $1",
      [id],
    );
    expect(rows).toHaveLength(1);
    // Written at the commit, not at the delete: a poller that saw rows up to the delete's
    // time still finds this one.
    expect(new Date(rows[0].revoked_at).getTime()).toBeGreaterThanOrEqual(deletedAt + 100);
  });

  it("is not recorded when its transaction rolls back", async () => {
    const userId = await createUser();
    const id = await createSession(userId);
    await client.query("begin");
    await client.query("delete from session where id = $1", [id]);
    await client.query("rollback");
    expect(await endedSessions([id])).toEqual([]);
  });

  it("is recorded for every session of a deleted person, through the cascade", async () => {
    const userId = await createUser();
    const ids = [await createSession(userId), await createSession(userId)];
    await client.query(`delete from "user" where id = $1`, [userId]);
    expect(await endedSessions(ids)).toEqual(ids.sort());
  });

  it("is not recorded when it had expired long before (its tokens carry their own end)", async () => {
    const userId = await createUser();
    const id = await createSession(userId, { expiresIn: "-2 hours" });
    await client.query("delete from session where id = $1", [id]);
    expect(await endedSessions([id])).toEqual([]);
  });
});

describe("a session's expiry", () => {
  const expiryOf = async (id: string) =>
    (await client.query("select expires_at, absolute_expires_at from session where id = $1", [id]))
      .rows[0];

  it("never passes its absolute end, when created or when slid forward", async () => {
    const userId = await createUser();
    const id = await createSession(userId, { expiresIn: "7 days", absoluteIn: "1 day" });
    const created = await expiryOf(id);
    expect(created.expires_at).toEqual(created.absolute_expires_at);
    await client.query("update session set expires_at = now() + interval '7 days' where id = $1", [
      id,
    ]);
    const slid = await expiryOf(id);
    expect(slid.expires_at).toEqual(slid.absolute_expires_at);
  });

  it("slides freely before its absolute end", async () => {
    const userId = await createUser();
    const id = await createSession(userId, { expiresIn: "1 day", absoluteIn: "30 days" });
    await client.query("update session set expires_at = now() + interval '7 days' where id = $1", [
      id,
    ]);
    const { expires_at, absolute_expires_at } = await expiryOf(id);
    expect(new Date(expires_at).getTime()).toBeLessThan(new Date(absolute_expires_at).getTime());
    expect(new Date(expires_at).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
  });
});
