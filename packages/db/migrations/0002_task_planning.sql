CREATE TYPE "public"."task_priority" AS ENUM('none', 'low', 'medium', 'high');--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "due_date" date;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "priority" "task_priority" DEFAULT 'none' NOT NULL;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "tags" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "task" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
CREATE INDEX "task_user_due_up_idx" ON "task" USING btree ("user_id",coalesce("due_date", 'infinity'::date),"created_at","id");--> statement-breakpoint
CREATE INDEX "task_user_due_down_idx" ON "task" USING btree ("user_id",coalesce("due_date", '-infinity'::date),"created_at","id");--> statement-breakpoint
CREATE INDEX "task_user_priority_idx" ON "task" USING btree ("user_id","priority","created_at","id");--> statement-breakpoint
CREATE INDEX "task_user_status_due_up_idx" ON "task" USING btree ("user_id","completed",coalesce("due_date", 'infinity'::date),"created_at","id");--> statement-breakpoint
CREATE INDEX "task_user_status_due_down_idx" ON "task" USING btree ("user_id","completed",coalesce("due_date", '-infinity'::date),"created_at","id");--> statement-breakpoint
CREATE INDEX "task_user_status_priority_idx" ON "task" USING btree ("user_id","completed","priority","created_at","id");--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_id_user_unique" UNIQUE("id","user_id");--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_due_date_range" CHECK ("task"."due_date" is null or "task"."due_date" between '0001-01-01' and '9999-12-31');--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_tags_count" CHECK (cardinality("task"."tags") <= 10);--> statement-breakpoint
ALTER TABLE "task" ADD CONSTRAINT "task_version_positive" CHECK ("task"."version" >= 1);