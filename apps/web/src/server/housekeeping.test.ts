/**
 * Sessions that end (SPEC R-S7, R-S10): the absolute lifetime SESSION_MAX_AGE, and the
 * housekeeping that removes what has expired, one instance at a time.
 */
import { schema } from "@tasks/db";
import { testDatabasesAreEmbedded } from "@tasks/db/testing";
import { eq, sql } from "drizzle-orm";
import { decodeJwt } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type AuthHarness, startAuthHarness } from "./testing/auth-harness.ts";

let auth: AuthHarness;
beforeAll(async () => {
  auth = await startAuthHarness({ SESSION_MAX_AGE: "3" });
});
afterAll(() => auth?.close());

const PASSWORD = "correct horse battery staple";
let counter = 0;

async function signUp() {
  const email = `house${++counter}-${Date.now()}@example.com`;
  const response = await auth.call("/sign-up/email", { body: { email, password: PASSWORD } });
  expect(response.status).toBe(200);
  return response.cookie as string;
}

describe("SESSION_MAX_AGE", () => {
  it("ends a session that long after sign-in, however it is used", async () => {
    const cookie = await signUp();
    const claims = decodeJwt((await auth.call("/token", { cookie })).json.token as string);
    const [row] = await auth.db
      .select()
      .from(schema.session)
      .where(eq(schema.session.id, claims.sid as string));
    const lifetime = (row?.expiresAt.getTime() ?? 0) - (row?.createdAt.getTime() ?? 0);
    expect(lifetime).toBeGreaterThan(2_500);
    expect(lifetime).toBeLessThanOrEqual(3_100);
    // The token says when its session ends, for the API to refuse it then (R-S6).
    expect(claims.sexp).toBe(Math.floor((row?.expiresAt.getTime() ?? 0) / 1000));
    await new Promise((resolve) => setTimeout(resolve, 3_200));
    expect((await auth.call("/get-session", { cookie })).json).toBeNull();
    expect((await auth.call("/token", { cookie })).status).toBe(401);
  });
});

describe("housekeeping", () => {
  it("removes expired sessions, links, trusted devices, records, keys and kept answers, and nothing else", async () => {
    const { runHousekeeping } = await import("./housekeeping.ts");
    await signUp(); // expired below
    const live = await signUp();
    const liveSid = decodeJwt((await auth.call("/token", { cookie: live })).json.token as string)
      .sid as string;
    await auth.db.execute(sql`
      update session set expires_at = now() - interval '1 minute' where id <> ${liveSid}`);
    await auth.db.execute(sql`
      insert into verification (id, identifier, value, expires_at) values
        ('old-link', 'reset-password:old', 'u1', now() - interval '1 second'),
        ('new-link', 'reset-password:new', 'u2', now() + interval '1 hour')`);
    const [person] = (await auth.db.execute<{ id: string }>(sql`select id from "user" limit 1`))
      .rows;
    await auth.db.execute(sql`
      insert into trusted_device (id, user_id, identifier, expires_at) values
        ('ended-trust', ${person?.id}, 'trust-device-old', now() - interval '1 second'),
        ('live-trust', ${person?.id}, 'trust-device-new', now() + interval '1 day')`);
    await auth.db.execute(sql`
      insert into revoked_session (session_id, revoked_at) values
        ('long-ago', now() - interval '2 hours'), ('just-now', now())`);
    await auth.db.execute(sql`
      insert into jwks (id, public_key, private_key, created_at, expires_at) values
        ('retired', '{}', '{}', now() - interval '60 days', now() - interval '8 days'),
        ('in-grace', '{}', '{}', now() - interval '30 days', now() - interval '1 day')`);

    const [owner] = (await auth.db.execute<{ id: string }>(sql`select id from "user" limit 1`))
      .rows;
    await auth.db.execute(sql`
      insert into idempotency_key (user_id, key, fingerprint, created_at) values
        (${owner?.id}, 'day-old', 'f', now() - interval '25 hours'),
        (${owner?.id}, 'fresh', 'f', now())`);
    await auth.db.execute(sql`
      insert into api_rate_limit (user_id, window_start, count) values
        (${owner?.id}, now() - interval '2 hours', 3)`);

    const round = await runHousekeeping(auth.db, {
      revocationRetentionSeconds: 3600,
      keyGraceSeconds: 7 * 86_400,
    });
    expect(round?.sessions).toBeGreaterThan(0);
    expect(round).toMatchObject({
      resetLinks: 1,
      trustedDevices: 1,
      signingKeys: 1,
      idempotencyKeys: 1,
      rateLimitCounters: 1,
    });
    const ids = async (table: string, column: string) =>
      (await auth.db.execute(sql.raw(`select ${column} as id from ${table} order by 1`))).rows.map(
        (row) => row.id,
      );
    expect(await ids("session", "id")).toEqual([liveSid]);
    expect(await ids("verification", "id")).toEqual(["new-link"]);
    expect(await ids("trusted_device", "id")).toEqual(["live-trust"]);
    expect(await ids("revoked_session", "session_id")).toContain("just-now");
    expect(await ids("revoked_session", "session_id")).not.toContain("long-ago");
    expect(await ids("jwks", "id")).toContain("in-grace");
    expect(await ids("jwks", "id")).not.toContain("retired");
    expect(await ids("idempotency_key", "key")).toEqual(["fresh"]);
  });

  // The embedded database runs one transaction at a time for all its connections: there,
  // rounds cannot overlap, and a second connection could not even try the lock.
  it.skipIf(testDatabasesAreEmbedded())(
    "is done by one instance at a time: the others skip the round",
    async () => {
      const { runHousekeeping } = await import("./housekeeping.ts");
      const other = new pg.Client({ connectionString: auth.url });
      await other.connect();
      try {
        await other.query("begin");
        await other.query("select pg_advisory_xact_lock(7226180042)");
        const rules = { revocationRetentionSeconds: 3600, keyGraceSeconds: 86_400 };
        expect(await runHousekeeping(auth.db, rules)).toBeNull();
        await other.query("commit");
        expect(await runHousekeeping(auth.db, rules)).not.toBeNull();
      } finally {
        await other.end();
      }
    },
  );
});
