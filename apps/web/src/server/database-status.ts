import "server-only";
import { sql } from "drizzle-orm";
import { getDb } from "./db.ts";

/** Whether the database answers right now (the pool's connect timeout bounds the wait). */
export async function databaseAnswers(): Promise<boolean> {
  try {
    await getDb().execute(sql`select 1`);
    return true;
  } catch {
    return false;
  }
}
