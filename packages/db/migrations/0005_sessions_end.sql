CREATE TABLE "revoked_session" (
	"session_id" text PRIMARY KEY NOT NULL,
	"revoked_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "session" ADD COLUMN "absolute_expires_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "revoked_session_revoked_at_idx" ON "revoked_session" USING btree ("revoked_at");--> statement-breakpoint
CREATE INDEX "session_expires_at_idx" ON "session" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "verification_expires_at_idx" ON "verification" USING btree ("expires_at");