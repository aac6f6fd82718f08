/** A task's tags (R-K15), in its transaction: tags compared by folding (R-A11), first spelling kept (decision 019). */
import { foldText } from "@tasks/contracts";
import { schema, type Transaction } from "@tasks/db";
import { and, eq, notInArray, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";

const { tag, taskTag } = schema;

export interface ResolvedTags {
  ids: string[];
  names: string[];
}

export interface StoredTag {
  id: string;
  name: string;
}

/** The person's tags for `names`, made where missing (two statements: see decision 019). */
export async function findOrMakeTags(
  tx: Transaction,
  userId: VerifiedUserId,
  names: string[],
): Promise<Map<string, StoredTag>> {
  const found = new Map<string, StoredTag>();
  if (names.length === 0) return found;
  const distinct = [...new Set(names)];
  for (let start = 0; start < distinct.length; start += 1_000) {
    const chunk = distinct.slice(start, start + 1_000);
    await tx
      .insert(tag)
      .values(chunk.map((name) => ({ userId, name, key: foldText(name) })))
      .onConflictDoNothing();
  }
  const rows = await tx.execute<{ given: string; id: string; name: string }>(sql`
    select given.name as given, t.id, t.name
    from unnest(${sql.param(distinct)}::text[], ${sql.param(distinct.map(foldText))}::text[])
      as given(name, key)
    join ${tag} t on t.user_id = ${userId} and t.key = given.key`);
  for (const row of rows.rows) found.set(row.given, { id: row.id, name: row.name });
  return found;
}

/** A task's tags in the order given, each once (names the database reads as one, once). */
export function tagsInOrder(names: string[], stored: Map<string, StoredTag>): ResolvedTags {
  const resolved: ResolvedTags = { ids: [], names: [] };
  for (const name of names) {
    const found = stored.get(name);
    if (!found || resolved.ids.includes(found.id)) continue;
    resolved.ids.push(found.id);
    resolved.names.push(found.name);
  }
  return resolved;
}

/** The person's tags for one task's `names`, made where missing, in the order given. */
export async function resolveTags(
  tx: Transaction,
  userId: VerifiedUserId,
  names: string[],
): Promise<ResolvedTags> {
  return tagsInOrder(names, await findOrMakeTags(tx, userId, names));
}

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
