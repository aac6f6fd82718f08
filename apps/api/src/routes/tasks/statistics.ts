/**
 * The planner's statistics after a bulk write (SPEC R-K16, decision 029). PostgreSQL
 * learns of new rows only when autovacuum analyzes the table, up to a minute later; until
 * then a filtered list is planned as if the person had none (docs/benchmarks.md). A
 * write of this many rows analyzes the tables it touched before it answers.
 */
import type { Database } from "@tasks/db";
import { sql } from "drizzle-orm";

/** Rows from which a bulk write refreshes the statistics itself. */
export const ANALYZE_AFTER_ROWS = 500;

/**
 * ANALYZE of the task tables: it reads a sample of bounded size, and blocks no reads or
 * writes. Call after the write has committed.
 */
export async function refreshStatistics(db: Database, rows: number): Promise<boolean> {
  if (rows < ANALYZE_AFTER_ROWS) return false;
  await db.execute(sql`analyze task, task_tag, tag`);
  return true;
}
