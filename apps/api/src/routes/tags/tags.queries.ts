import type { TagCount } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
import { asc, count, eq } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";

const { tag, taskTag } = schema;

/** The person's tags on at least one task, with counts, by their folding (R-A11). */
export async function listTags(db: Database, userId: VerifiedUserId): Promise<TagCount[]> {
  return db
    .select({ name: tag.name, count: count() })
    .from(taskTag)
    .innerJoin(tag, eq(tag.id, taskTag.tagId))
    .where(eq(taskTag.userId, userId))
    .groupBy(tag.id, tag.name, tag.key)
    .orderBy(asc(tag.key), asc(tag.name));
}
