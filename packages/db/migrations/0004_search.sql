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
