import "server-only";
import {
  type Database,
  deleteEndedRateLimitWindows,
  deleteExpiredIdempotencyKeys,
} from "@tasks/db";
import { describeError } from "@tasks/service/logger";
import { remember } from "@tasks/service/remember";
import { onShutdown } from "@tasks/service/shutdown";
import { sql } from "drizzle-orm";
import { webConfig } from "../env.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { endingSessions, SECURITY_EVENT_RETENTION_DAYS } from "./security-events.ts";

/** Any fixed number, the same in every instance: whoever holds it does the round. */
const HOUSEKEEPING_LOCK_ID = 7_226_180_042;
/** Rows removed per table per round, so a round stays short even after a long pause. */
const BATCH = 5_000;

export interface HousekeepingRules {
  /** Seconds revocation records are kept: past the longest token lifetime (R-S6). */
  revocationRetentionSeconds: number;
  /** Seconds a retired signing key stays published (JWKS_GRACE_PERIOD). */
  keyGraceSeconds: number;
}

export interface HousekeepingRound {
  sessions: number;
  resetLinks: number;
  trustedDevices: number;
  revocations: number;
  signingKeys: number;
  /** Security log events past their 90 days (R-M9). */
  securityEvents: number;
  idempotencyKeys: number;
  rateLimitCounters: number;
}

/** The rules from this instance's configuration: records kept 10 minutes past JWT_TTL. */
export function housekeepingRules(): HousekeepingRules {
  const config = webConfig();
  return {
    revocationRetentionSeconds: config.jwtTtlSeconds + 600,
    keyGraceSeconds: config.jwksGraceSeconds,
  };
}

const count = (result: { rowCount: number | null }) => result.rowCount ?? 0;

/**
 * One round of housekeeping (SPEC R-S10, R-K18, R-M9) in one transaction, under a transaction-level
 * advisory lock (poolers may switch connections); null when another instance holds it.
 */
export async function runHousekeeping(
  db: Database,
  rules: HousekeepingRules,
): Promise<HousekeepingRound | null> {
  return db.transaction(async (tx) => {
    const lock = await tx.execute<{ locked: boolean }>(
      sql`select pg_try_advisory_xact_lock(${HOUSEKEEPING_LOCK_ID}) as locked`,
    );
    if (!lock.rows[0]?.locked) return null;
    // Each expired session ends in the security log in the same transaction (R-M9), with
    // its own device and address, at the time it expired.
    const sessions = await tx.execute(
      endingSessions(
        sql`delete from session where id in
          (select id from session where expires_at < now() limit ${BATCH})
        returning user_id, user_agent, ip_address, expires_at`,
        "expiry",
        sql`expires_at`,
      ),
    );
    const resetLinks = await tx.execute(sql`
      delete from verification where id in
        (select id from verification where expires_at < now() limit ${BATCH})`);
    // A device whose trust ended (R-M2); the plugin's own record went with the links above.
    const trustedDevices = await tx.execute(sql`
      delete from trusted_device where id in
        (select id from trusted_device where expires_at < now() limit ${BATCH})`);
    const revocations = await tx.execute(sql`
      delete from revoked_session where session_id in
        (select session_id from revoked_session
         where revoked_at < now() - make_interval(secs => ${rules.revocationRetentionSeconds})
         limit ${BATCH})`);
    const signingKeys = await tx.execute(sql`
      delete from jwks
      where expires_at < now() - make_interval(secs => ${rules.keyGraceSeconds})`);
    const securityEvents = await tx.execute(sql`
      delete from security_event where id in
        (select id from security_event
         where created_at < now() - make_interval(days => ${SECURITY_EVENT_RETENTION_DAYS})
         limit ${BATCH})`);
    const idempotencyKeys = await deleteExpiredIdempotencyKeys(tx, { batchSize: BATCH });
    const rateLimitCounters = await deleteEndedRateLimitWindows(tx, { batchSize: BATCH });
    return {
      sessions: count(sessions),
      resetLinks: count(resetLinks),
      trustedDevices: count(trustedDevices),
      revocations: count(revocations),
      signingKeys: count(signingKeys),
      securityEvents: count(securityEvents),
      idempotencyKeys,
      rateLimitCounters,
    };
  });
}

/** Runs a round every `intervalMs` in every instance (the lock picks one); shutdown waits. */
export function startHousekeeping(intervalMs = 10 * 60_000, firstAfterMs = 60_000): void {
  remember("web.housekeeping", () => {
    let running: Promise<void> = Promise.resolve();
    const round = () => {
      running = runHousekeeping(getDb(), housekeepingRules()).then(
        (result) => {
          if (result) logger().info({ event: "housekeeping", ...result }, "housekeeping done");
        },
        (error: unknown) =>
          logger().warn(
            { event: "housekeeping.failed", err: describeError(error) },
            "housekeeping failed",
          ),
      );
    };
    const first = setTimeout(round, firstAfterMs);
    const every = setInterval(round, intervalMs);
    first.unref();
    every.unref();
    onShutdown(async () => {
      clearTimeout(first);
      clearInterval(every);
      await running;
    });
    return true;
  });
}
