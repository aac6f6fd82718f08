/** Export and import (R-K20): all of a person's tasks, oldest first; many new ones, all or none. */
import { randomUUID } from "node:crypto";
import type { ImportTask, Task } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
import { asc, eq, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { taskFields } from "./fields.ts";
import { findOrMakeTags, tagsInOrder } from "./tag-writes.ts";
import { foldedFields } from "./tasks.queries.ts";

const { task, taskTag } = schema;
const CHUNK = 1_000;

/** Every task of the person, oldest first (the order an import recreates). */
export async function exportTasks(db: Database, userId: VerifiedUserId): Promise<Task[]> {
  return db
    .select(taskFields)
    .from(task)
    .where(eq(task.userId, userId))
    .orderBy(asc(task.createdAt), asc(task.id));
}

/** Adds `tasks` to the person's list in one transaction; returns how many. */
export async function importTasks(
  db: Database,
  userId: VerifiedUserId,
  tasks: ImportTask[],
): Promise<number> {
  if (tasks.length === 0) return 0;
  return db.transaction(async (tx) => {
    const stored = await findOrMakeTags(
      tx,
      userId,
      tasks.flatMap((t) => t.tags ?? []),
    );
    const rows = tasks.map((input, index) => {
      const tags = tagsInOrder(input.tags ?? [], stored);
      // The last task is created now, each one before it a millisecond earlier.
      const at = sql`now() - make_interval(secs => ${(tasks.length - 1 - index) / 1000})`;
      const fields = { ...input, tags: tags.names };
      return {
        values: {
          ...fields,
          ...foldedFields(fields),
          // After the item's own fields: an import never chooses a task's id or owner.
          id: randomUUID(),
          userId,
          createdAt: at,
          updatedAt: at,
        },
        tagIds: tags.ids,
      };
    });
    for (let start = 0; start < rows.length; start += CHUNK) {
      await tx.insert(task).values(rows.slice(start, start + CHUNK).map((row) => row.values));
    }
    const links = rows.flatMap((row) =>
      row.tagIds.map((tagId) => ({ taskId: row.values.id, tagId, userId })),
    );
    for (let start = 0; start < links.length; start += CHUNK * 3) {
      await tx.insert(taskTag).values(links.slice(start, start + CHUNK * 3));
    }
    return rows.length;
  });
}
