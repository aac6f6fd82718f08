/** The one query behind GET /api/{user_id}/tags. */
import type { TagCount } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
import { asc, count, eq } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";

const { tag, taskTag } = schema;

/**
 * The person's tags carried by at least one task, with their counts, A to Z by their
 * folding (SPEC R-A11): the person's own range of task_tag's (user_id, tag_id, task_id)
 * index, then each tag's name.
 */
export async function listTags(db: Database, userId: VerifiedUserId): Promise<TagCount[]> {
  return db
    .select({ name: tag.name, count: count() })
    .from(taskTag)
    .innerJoin(tag, eq(tag.id, taskTag.tagId))
    .where(eq(taskTag.userId, userId))
    .groupBy(tag.id, tag.name, tag.key)
    .orderBy(asc(tag.key), asc(tag.name));
}
