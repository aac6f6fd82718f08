/**
 * Housekeeping of the answers kept 24 hours for `Idempotency-Key` retries (SPEC R-K18): the
 * API drops a person's expired keys as they create; web's housekeeping round, the rest.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";

/** How long a kept answer is replayed, in hours. */
export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/**
 * Deletes up to `batchSize` expired keys (by the database's clock) and returns how many;
 * short statements on an index, called again until fewer than `batchSize` go.
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
