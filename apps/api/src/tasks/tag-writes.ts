/**
 * Writing a task's tags (SPEC R-K15) inside the transaction that writes the task. The
 * person's tag rows are the truth for spelling: a name is compared with `lower()` (the
 * unique index tag_user_name_idx), and the first spelling stays. The task keeps a copy
 * of its names, in the order given, so that reading a task costs no join (decision 019).
 */
import { schema, type Transaction } from "@tasks/db";
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../auth/verified-user.ts";

const { tag, taskTag } = schema;

export interface ResolvedTags {
  ids: string[];
  /** As the person first spelled each, in the order given, each once. */
  names: string[];
}

/**
 * The person's tags for `names`, made where missing. Two statements: the insert may wait
 * for another transaction making the same tag, and only a statement started after it
 * sees that tag. Names the database reads as the same (in its `lower()`) come out once.
 */
export async function resolveTags(
  tx: Transaction,
  userId: VerifiedUserId,
  names: string[],
): Promise<ResolvedTags> {
  if (names.length === 0) return { ids: [], names: [] };
  await tx
    .insert(tag)
    .values(names.map((name) => ({ userId, name })))
    .onConflictDoNothing();
  const found = await tx.execute<{ id: string; name: string }>(sql`
    select t.id, t.name
    from unnest(${sql.param(names)}::text[]) with ordinality as given(name, position)
    join ${tag} t on t.user_id = ${userId} and lower(t.name) = lower(given.name)
    order by given.position`);
  const resolved: ResolvedTags = { ids: [], names: [] };
  for (const row of found.rows) {
    if (resolved.ids.includes(row.id)) continue;
    resolved.ids.push(row.id);
    resolved.names.push(row.name);
  }
  return resolved;
}

/** Makes task_tag say that the task carries exactly `tagIds`. */
export async function linkTags(
  tx: Transaction,
  userId: VerifiedUserId,
  taskId: string,
  tagIds: string[],
): Promise<void> {
  await tx
    .delete(taskTag)
    .where(
      and(
        eq(taskTag.taskId, taskId),
        eq(taskTag.userId, userId),
        tagIds.length ? notInArray(taskTag.tagId, tagIds) : undefined,
      ),
    );
  if (tagIds.length === 0) return;
  await tx
    .insert(taskTag)
    .values(tagIds.map((tagId) => ({ taskId, tagId, userId })))
    .onConflictDoNothing();
}
