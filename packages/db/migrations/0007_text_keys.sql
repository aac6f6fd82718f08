-- Folded text (SPEC R-A11, decision 027): tags, titles and descriptions are compared by
-- their folding (foldText in packages/contracts), which the API writes beside the text.
-- PostgreSQL's lower() folds differently, and cannot compute this folding, so the rows
-- written before this migration are folded, and tags that now fold alike merged, by the
-- step migrateDatabase runs right after the SQL migrations (packages/db/src/text-keys.ts).
-- Until then their keys are null. Search and tag indexes move to the folded columns.
DROP INDEX IF EXISTS "task_user_search_idx";--> statement-breakpoint
DROP INDEX IF EXISTS "task_user_tag_keys_idx";--> statement-breakpoint
ALTER TABLE "task" DROP COLUMN IF EXISTS "tag_keys";--> statement-breakpoint
DROP FUNCTION IF EXISTS task_tag_keys(text[]);--> statement-breakpoint
DROP INDEX "tag_user_name_idx";--> statement-breakpoint
ALTER TABLE "tag" ADD COLUMN "key" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "title_key" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "description_key" text;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "tag_keys" text[];--> statement-breakpoint
CREATE UNIQUE INDEX "tag_user_key_idx" ON "tag" USING btree ("user_id","key");--> statement-breakpoint
-- The expression must stay the one the list query searches (apps/api/src/tasks/filters.ts).
CREATE INDEX "task_user_search_idx" ON "task" USING gin (
  "user_id",
  ("title_key" || E'\n' || coalesce("description_key", '')) gin_trgm_ops
);--> statement-breakpoint
CREATE INDEX "task_user_tag_keys_idx" ON "task" USING gin ("user_id", "tag_keys");--> statement-breakpoint
-- The rows left to fold: empty once folded, so finding none costs two index lookups.
CREATE INDEX "tag_unfolded_idx" ON "tag" ("user_id") WHERE "key" IS NULL;--> statement-breakpoint
CREATE INDEX "task_unfolded_idx" ON "task" ("id")
  WHERE "title_key" IS NULL OR "tag_keys" IS NULL;--> statement-breakpoint
-- A person's request counter goes with the person (no row written back after a deletion).
DELETE FROM "api_rate_limit" AS r
  WHERE NOT EXISTS (SELECT 1 FROM "user" AS u WHERE u.id = r.user_id);--> statement-breakpoint
ALTER TABLE "api_rate_limit" ADD CONSTRAINT "api_rate_limit_user_id_user_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."user"("id") ON DELETE cascade ON UPDATE no action;
