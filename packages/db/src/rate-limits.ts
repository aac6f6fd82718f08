/** Housekeeping of the API's per-person request counters, which matter only within their window. */
import { sql } from "drizzle-orm";
import type { Database } from "./client.ts";

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
