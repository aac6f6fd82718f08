ALTER TABLE "two_factor" ADD COLUMN "claimed_checks" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "two_factor" ADD COLUMN "checks_claimed_at" timestamp with time zone;