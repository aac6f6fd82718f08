/**
 * Ended means ended (SPEC R-S6): once a session's row is deleted, every API instance
 * refuses its tokens within a second, from memory; an instance started later knows it
 * from the start; a database outage keeps what was known and catches up afterwards.
 */
import { randomUUID } from "node:crypto";
import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from "@tasks/db/testing";
import { sql } from "drizzle-orm";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";
import { createRevocationList } from "./revocations.ts";

let database: TestDatabase;
let proxy: TcpProxy;
let first: Harness;
let second: Harness;
let alice: TestUser;
const others: Harness[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  proxy = await startTcpProxy(database.url);
  first = await startHarness({ databaseUrl: database.url });
  second = await startHarness({ databaseUrl: database.url, issuer: first.issuer });
  alice = await first.createUser();
});
afterAll(async () => {
  for (const harness of [...others, second, first]) await harness?.close();
  await proxy?.close();
  await database?.drop();
});

/** A session row for `userId`, as web writes it at sign-in, and a token issued for it. */
async function signIn(userId: string) {
  const sessionId = randomUUID();
  await first.db.execute(sql`
    insert into session (id, token, user_id, expires_at, absolute_expires_at)
    values (${sessionId}, ${`token-${sessionId}`}, ${userId},
            now() + interval '7 days', now() + interval '30 days')`);
  const token = await first.issuer.sign(userId, { claims: { sid: sessionId } });
  return { sessionId, token };
}

const endSession = (sessionId: string) =>
  first.db.execute(sql`delete from session where id = ${sessionId}`);

const statusOn = async (api: Harness, token: string) =>
  (await api.call("GET", alice.tasks, { token })).status;

/** Milliseconds until `api` answers `token` with 401 (fails after 3 s). */
async function msUntilRefused(api: Harness, token: string, since: number): Promise<number> {
  while (Date.now() - since < 3_000) {
    if ((await statusOn(api, token)) === 401) return Date.now() - since;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("still accepted after 3 s");
}

describe("a session that ends", () => {
  it("has its tokens refused by every instance within a second, remembered or not", async () => {
    const ended = await signIn(alice.id);
    const kept = await signIn(alice.id);
    for (const api of [first, second]) {
      expect(await statusOn(api, ended.token)).toBe(200); // now verified and remembered
    }
    const since = Date.now();
    await endSession(ended.sessionId);
    const latencies = await Promise.all(
      [first, second].map((api) => msUntilRefused(api, ended.token, since)),
    );
    for (const ms of latencies) expect(ms).toBeLessThan(1_000);
    // A token of the same person's other session still works.
    for (const api of [first, second]) expect(await statusOn(api, kept.token)).toBe(200);
    // A new token for the ended session is refused at once.
    const another = await first.issuer.sign(alice.id, { claims: { sid: ended.sessionId } });
    expect(await statusOn(second, another)).toBe(401);
  });

  it("is refused by an instance started afterwards, from its first request", async () => {
    const ended = await signIn(alice.id);
    await endSession(ended.sessionId);
    const restarted = await startHarness({ databaseUrl: database.url, issuer: first.issuer });
    others.push(restarted);
    expect(await statusOn(restarted, ended.token)).toBe(401);
    expect(await statusOn(restarted, (await signIn(alice.id)).token)).toBe(200);
  });
});

describe("a database outage", () => {
  it("keeps ended sessions refused, vouches for no others once stale, and catches up", async () => {
    const cutOff = await startHarness({
      databaseUrl: proxy.url,
      issuer: first.issuer,
      revocationStalenessMs: 1_500,
    });
    others.push(cutOff);
    const before = await signIn(alice.id);
    const during = await signIn(alice.id);
    const live = await signIn(alice.id);
    await endSession(before.sessionId);
    await msUntilRefused(cutOff, before.token, Date.now());
    expect(await statusOn(cutOff, during.token)).toBe(200);

    proxy.cut();
    // Ended elsewhere while this instance cannot see the database.
    await endSession(during.sessionId);
    expect(await statusOn(cutOff, before.token)).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 1_700));
    expect(await statusOn(cutOff, before.token)).toBe(401);
    // Not known to have ended, but not known to be alive either: 503, never 200.
    const unknown = await cutOff.call("GET", alice.tasks, { token: during.token });
    expect(unknown.status).toBe(503);
    expect(unknown.headers.get("retry-after")).toBeTruthy();
    expect((await cutOff.app.request("/ready")).status).toBe(503);

    proxy.restore();
    const restored = Date.now();
    expect(await msUntilRefused(cutOff, during.token, restored)).toBeLessThan(1_000);
    expect(await statusOn(cutOff, live.token)).toBe(200);
    expect((await cutOff.app.request("/ready")).status).toBe(200);
  });
});

describe("the list of ended sessions", () => {
  const logger = pino({ level: "silent" });

  it("finds a record committed after a newer one was seen", async () => {
    const list = createRevocationList({ db: first.db, logger, retentionMs: 600_000 });
    await first.db.execute(
      sql`insert into revoked_session (session_id, revoked_at) values ('newer', now())`,
    );
    await list.start();
    expect(list.isEnded("newer")).toBe(true);
    // Stamped before 'newer', but visible only now: a transaction that committed late.
    await first.db.execute(sql`
      insert into revoked_session (session_id, revoked_at)
      values ('late', now() - interval '2 seconds')`);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect(list.isEnded("late")).toBe(true);
    await list.stop();
  });

  it("holds only records younger than its retention", async () => {
    await first.db.execute(sql`
      insert into revoked_session (session_id, revoked_at)
      values ('ancient', now() - interval '2 hours')`);
    const list = createRevocationList({ db: first.db, logger, retentionMs: 3_600_000 });
    await list.start();
    expect(list.isEnded("ancient")).toBe(false);
    await list.stop();
  });

  it("vouches for nobody before its first poll succeeds", () => {
    const list = createRevocationList({ db: first.db, logger, retentionMs: 600_000 });
    expect(() => list.isEnded("anyone")).toThrow(/out of date/);
    expect(list.isFresh()).toBe(false);
  });
});
