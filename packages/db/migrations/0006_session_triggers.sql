-- Custom SQL migration (hand-written; drizzle-kit generates the others): the rules the
-- database keeps for sessions, whoever writes them (docs/decisions/023-revocation.md).

-- R-S6: a session row deleted for any reason (sign-out, revocation, a password change or
-- reset, account deletion through its cascade) leaves a row in revoked_session, in the
-- same transaction. The trigger is deferred to the commit, so revoked_at is (to a few
-- milliseconds) when the deletion becomes visible: the API instances, polling for
-- "revoked_at > the last they saw", miss nothing a long transaction committed late.
-- Sessions that expired over an hour before are left out: their tokens are refused by
-- their own `sexp` claim, and housekeeping deletes them by the thousand.
CREATE FUNCTION record_ended_session() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO revoked_session (session_id, revoked_at)
  VALUES (OLD.id, clock_timestamp())
  ON CONFLICT (session_id) DO UPDATE SET revoked_at = excluded.revoked_at;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER session_ended
  AFTER DELETE ON "session"
  DEFERRABLE INITIALLY DEFERRED
  FOR EACH ROW
  WHEN (OLD.expires_at > now() - interval '1 hour')
  EXECUTE FUNCTION record_ended_session();
--> statement-breakpoint

-- R-S7: Better Auth slides expires_at forward as a session is used; it never passes the
-- session's absolute end (its creation plus SESSION_MAX_AGE, set by web at sign-in).
CREATE FUNCTION cap_session_expiry() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.absolute_expires_at IS NOT NULL AND NEW.expires_at > NEW.absolute_expires_at THEN
    NEW.expires_at := NEW.absolute_expires_at;
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER session_absolute_lifetime
  BEFORE INSERT OR UPDATE ON "session"
  FOR EACH ROW
  EXECUTE FUNCTION cap_session_expiry();
--> statement-breakpoint

-- Sessions from before this migration get the default absolute lifetime, 30 days.
UPDATE "session" SET absolute_expires_at = created_at + interval '30 days'
WHERE absolute_expires_at IS NULL;
