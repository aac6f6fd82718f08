import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./db.ts";

export interface ThrottleDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

export interface ThrottleRule {
  max: number;
  windowSeconds: number;
}

/** Counts one attempt for `key`, within the limit or not: one atomic upsert across instances. */
export async function countAttempt(key: string, rule: ThrottleRule): Promise<ThrottleDecision> {
  const result = await getDb().execute<{ count: number; retry_after: number }>(sql`
    insert into auth_throttle as t (key, count, window_start)
    values (${key}, 1, now())
    on conflict (key) do update set
      count = case when t.window_start <= now() - make_interval(secs => ${rule.windowSeconds}) then 1 else t.count + 1 end,
      window_start = case when t.window_start <= now() - make_interval(secs => ${rule.windowSeconds}) then now() else t.window_start end
    returning count,
      greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${rule.windowSeconds}) - now()))))::int as retry_after
  `);
  const row = result.rows[0];
  if (!row) throw new Error("throttle upsert returned no row");
  if (Math.random() < 0.01) void forgetOldWindows().catch(() => {});
  return { allowed: row.count <= rule.max, retryAfterSeconds: row.retry_after };
}

/** Windows long past say nothing; drop them now and then so the table stays small. */
async function forgetOldWindows(): Promise<void> {
  await getDb().execute(
    sql`delete from auth_throttle where window_start < now() - interval '1 day'`,
  );
}
