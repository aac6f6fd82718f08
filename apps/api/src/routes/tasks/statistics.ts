/** The planner's statistics after a bulk write (R-K16, decision 029; docs/benchmarks.md). */
import type { Database } from "@tasks/db";
import { sql } from "drizzle-orm";

/** Rows from which a bulk write refreshes the statistics itself. */
export const ANALYZE_AFTER_ROWS = 500;

/** ANALYZE of the task tables (sampled, non-blocking); call after the write has committed. */
export async function refreshStatistics(db: Database, rows: number): Promise<boolean> {
  if (rows < ANALYZE_AFTER_ROWS) return false;
  await db.execute(sql`analyze task, task_tag, tag`);
  return true;
}
