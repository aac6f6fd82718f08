-- Search (SPEC R-K16, decision 020): words in a task's title or description, found with
-- trigrams. btree_gin lets the GIN index start with the person, so a search only ever
-- reads the searcher's own rows. Both extensions are trusted (PostgreSQL 13+): a
-- database owner may create them, on Neon too; the embedded PGlite loads them
-- (packages/db/src/embedded.ts). The expression must match the one the list query uses
-- (apps/api/src/tasks/filters.ts).
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS btree_gin;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "task_user_search_idx" ON "task" USING gin (
  "user_id",
  ("title" || E'\n' || coalesce("description", '')) gin_trgm_ops
);
--> statement-breakpoint
-- The tag filter (decision 020): each task's tag names in lower case, kept by PostgreSQL
-- from the task's names, in a GIN index that starts with the person. A filter on it needs
-- no join, and the planner knows from its statistics how common the tag is.
CREATE OR REPLACE FUNCTION task_tag_keys(tags text[]) RETURNS text[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT coalesce(array_agg(lower(name)), '{}') FROM unnest(tags) AS name $$;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN IF NOT EXISTS "tag_keys" text[]
  GENERATED ALWAYS AS (task_tag_keys("tags")) STORED;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "task_user_tag_keys_idx" ON "task" USING gin ("user_id", "tag_keys");
