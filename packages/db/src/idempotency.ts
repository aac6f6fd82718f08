/**
 * Housekeeping of the answers kept for `Idempotency-Key` retries (SPEC R-K18): they are
 * kept 24 hours. The API recycles an expired key when it is used again and drops a
 * person's expired keys whenever that person creates with a key; this removes everyone
 * else's, in web's housekeeping round (apps/web/src/server/housekeeping.ts).
 */
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";

/** How long a kept answer is replayed, in hours. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * Deletes up to `batchSize` expired keys (older than 24 hours, by the database's clock)
 * and returns how many it deleted; call again until it returns less than `batchSize`.
 * Short statements, on an index of `created_at`, so requests are never held up.
 */
export async function deleteExpiredIdempotencyKeys(
  db: Pick<Database, "execute">,
  { batchSize = 5_000 }: { batchSize?: number } = {},
): Promise<number> {
  const result = await db.execute(sql`
    delete from idempotency_key where ctid = any (array(
      select ctid from idempotency_key
      where created_at < now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})
      limit ${batchSize}))`);
  return result.rowCount ?? 0;
}
