/** Bulk actions (R-K19), all or none: the tasks are locked before the check and the change. */
import type { BulkAction, Task } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { taskFields } from "./fields.ts";

const { task } = schema;

export type BulkOutcome =
  | { outcome: "done"; count: number; tasks: Task[] }
  /** The positions in `ids` of the ids that are not in the caller's list. */
  | { outcome: "not-found"; missing: number[] };

/** Applies `action` to all of `ids`, or to none, naming those that are not the caller's. */
export async function applyBulk(
  db: Database,
  { userId, ids, action }: { userId: VerifiedUserId; ids: string[]; action: BulkAction },
): Promise<BulkOutcome> {
  const given = ids.map((id) => id.toLowerCase());
  const theirs = and(eq(task.userId, userId), inArray(task.id, given));
  return db.transaction(async (tx) => {
    const owned = await tx.select({ id: task.id }).from(task).where(theirs).for("update");
    if (owned.length < given.length) {
      const found = new Set(owned.map((row) => row.id));
      const missing = given.flatMap((id, index) => (found.has(id) ? [] : [index]));
      return { outcome: "not-found", missing } as const;
    }
    if (action === "delete") {
      await tx.delete(task).where(theirs);
      return { outcome: "done", count: given.length, tasks: [] } as const;
    }
    const rows = await tx
      .update(task)
      .set({
        completed: action === "complete",
        updatedAt: sql`now()`,
        version: sql`${task.version} + 1`,
      })
      .where(theirs)
      .returning(taskFields);
    const byId = new Map(rows.map((row) => [row.id, row]));
    const tasks = given.map((id) => byId.get(id)).filter((row): row is Task => row !== undefined);
    return { outcome: "done", count: given.length, tasks } as const;
  });
}

export async function clearCompleted(db: Database, userId: VerifiedUserId): Promise<number> {
  const rows = await db
    .delete(task)
    .where(and(eq(task.userId, userId), eq(task.completed, true)))
    .returning({ id: task.id });
  return rows.length;
}
