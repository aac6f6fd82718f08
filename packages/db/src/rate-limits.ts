/**
 * Housekeeping of the API's per-person request counters (api_rate_limit): a row matters
 * only during its window, at most an hour; web's housekeeping round removes the rest.
 */
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";

/** The longest window the API's limit takes, in seconds. */
export const RATE_LIMIT_WINDOW_MAX_SECONDS = 3_600;

/** Deletes up to `batchSize` counters whose window started over an hour ago; returns how many. */
export async function deleteEndedRateLimitWindows(
  db: Pick<Database, "execute">,
  { batchSize = 5_000 }: { batchSize?: number } = {},
): Promise<number> {
  const result = await db.execute(sql`
    delete from api_rate_limit where ctid = any (array(
      select ctid from api_rate_limit
      where window_start < now() - make_interval(secs => ${RATE_LIMIT_WINDOW_MAX_SECONDS})
      limit ${batchSize}))`);
  return result.rowCount ?? 0;
}
