CREATE TABLE "rate_limit" (
	"id" text PRIMARY KEY NOT NULL,
	"key" text NOT NULL,
	"count" integer NOT NULL,
	"last_request" bigint NOT NULL,
	CONSTRAINT "rate_limit_key_unique" UNIQUE("key")
);
--> statement-breakpoint

-- Hand-written from here (drizzle-kit wrote the table above): reset links that end
-- (SPEC R-S4, decision 033). Only the newest link of a person works; asking again, changing
-- the password (which a reset does) and ending a live session void every other one. Kept by
-- the database, so it holds on every web instance and for every writer. Links are Better
-- Auth's verification rows `reset-password:<token>` whose value is the person's id.
CREATE FUNCTION void_reset_links(person text) RETURNS void LANGUAGE sql AS $$
  DELETE FROM verification WHERE value = person AND identifier LIKE 'reset-password:%'
$$;
--> statement-breakpoint

-- A new link replaces the earlier ones. The lock, per person, makes two requests at once
-- leave one link, not two: the second waits, then sees and deletes the first.
CREATE FUNCTION keep_newest_reset_link() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.identifier LIKE 'reset-password:%' THEN
    PERFORM pg_advisory_xact_lock(hashtext('reset-password:' || NEW.value));
    PERFORM void_reset_links(NEW.value);
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER verification_newest_reset_link
  BEFORE INSERT ON verification
  FOR EACH ROW
  EXECUTE FUNCTION keep_newest_reset_link();
--> statement-breakpoint

CREATE FUNCTION void_reset_links_of_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM void_reset_links(NEW.user_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER account_password_changed
  AFTER UPDATE OF password ON account
  FOR EACH ROW
  WHEN (OLD.password IS DISTINCT FROM NEW.password)
  EXECUTE FUNCTION void_reset_links_of_account();
--> statement-breakpoint

-- A live session that ends (sign-out, revocation, a password change or reset, account
-- deletion) voids the links; an expired one removed by housekeeping does not: a person
-- locked out of an expired session still gets to use the link they asked for.
CREATE FUNCTION void_reset_links_of_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM void_reset_links(OLD.user_id);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER session_ended_voids_reset_links
  AFTER DELETE ON "session"
  FOR EACH ROW
  WHEN (OLD.expires_at > now())
  EXECUTE FUNCTION void_reset_links_of_session();
