/** Housekeeping of the `Idempotency-Key` answers kept 24 hours (R-K18). */
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";

export const IDEMPOTENCY_KEY_TTL_HOURS = 24;

/** Deletes up to `batchSize` expired keys (database clock); returns how many. */
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
