/**
 * The embedded database with several connections querying at once: each parameterised
 * query (Parse, Bind, Execute, Sync on the unnamed statement) must meet its own Parse,
 * never another connection's, and a transaction must not see another connection's work.
 */
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded.ts";
import { startTcpProxy } from "./testing/tcp-proxy.ts";

let embedded: EmbeddedDatabase;
beforeAll(async () => {
  embedded = await startEmbeddedDatabase();
});
afterAll(() => embedded?.stop());

it("answers every connection's queries, whatever the others send meanwhile", async () => {
  const pool = new pg.Pool({ connectionString: embedded.url, max: 16 });
  try {
    // Each query in a transaction of its own (as an ORM's writes are), the others' queries
    // arriving meanwhile.
    const queries = Array.from({ length: 400 }, async (_, i) => {
      const client = await pool.connect();
      try {
        const { rows } =
          i % 2
            ? await client.query("select $1::int + $2::int + $3::int as n", [i, 1, 2])
            : await client.query("select $1::int as n", [i]);
        return rows[0].n as number;
      } finally {
        client.release();
      }
    });
    const answers = await Promise.allSettled(queries);
    const failed = answers.filter((a) => a.status === "rejected");
    expect(failed.map((f) => String((f as PromiseRejectedResult).reason))).toEqual([]);
    expect(answers.map((a) => (a as PromiseFulfilledResult<number>).value)).toEqual(
      Array.from({ length: 400 }, (_, i) => (i % 2 ? i + 3 : i)),
    );
  } finally {
    await pool.end();
  }
});

it("lets a transaction finish before another connection's queries run", async () => {
  const pool = new pg.Pool({ connectionString: embedded.url, max: 4 });
  try {
    await pool.query("create table if not exists counter (n int)");
    await pool.query("delete from counter");
    const transactions = Array.from({ length: 20 }, async () => {
      const client = await pool.connect();
      try {
        await client.query("begin");
        await client.query("insert into counter values ($1)", [1]);
        await client.query("commit");
      } finally {
        client.release();
      }
    });
    await Promise.all(transactions);
    expect((await pool.query("select count(*)::int as c from counter")).rows[0].c).toBe(20);
  } finally {
    await pool.end();
  }
});

it("rolls back the transaction of a connection that leaves, and serves the others", async () => {
  const pool = new pg.Pool({ connectionString: embedded.url, max: 2 });
  try {
    await pool.query("create table if not exists left_behind (n int)");
    const proxy = await startTcpProxy(embedded.url);
    const leaving = new pg.Client({ connectionString: proxy.url });
    leaving.on("error", () => {});
    await leaving.connect();
    await leaving.query("begin");
    await leaving.query("insert into left_behind values ($1)", [1]);
    const waiting = pool.query("select count(*)::int as c from left_behind");
    await proxy.close(); // the connection drops mid-transaction
    expect((await waiting).rows[0].c).toBe(0);
    expect((await pool.query("select 1 as one")).rows[0].one).toBe(1);
  } finally {
    await pool.end();
  }
});
