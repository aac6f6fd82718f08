/** Ended sessions as this instance knows them (R-S6, decision 023); a stale list vouches for none (503). */
import type { Database } from "@tasks/db";
import { describeError, type Logger } from "@tasks/service/logger";
import { sql } from "drizzle-orm";

/** The instance does not know recently enough which sessions have ended. */
export class RevocationsUnavailableError extends Error {
  override name = "RevocationsUnavailableError";
  constructor() {
    super("the list of ended sessions is out of date");
  }
}

export interface RevocationListOptions {
  db: Database;
  logger: Logger;
  /** How long after its end a session may still have unexpired tokens, in ms. */
  retentionMs: number;
  pollIntervalMs?: number;
  overlapMs?: number;
  /** With no successful poll for this long, unknown sessions are not vouched for (ms). */
  maxStalenessMs?: number;
}

interface Row extends Record<string, unknown> {
  session_id: string;
  revoked_at: Date | string;
}

/** How long an ended session is remembered (ms): token lifetime + clock tolerance + a minute. */
export function retentionFor(auth: {
  maxTokenLifetimeSeconds: number;
  clockToleranceSeconds: number;
}): number {
  return (auth.maxTokenLifetimeSeconds + auth.clockToleranceSeconds + 60) * 1000;
}

/** A revocation list for one API instance; call `start()` once, `stop()` at shutdown. */
export function createRevocationList(options: RevocationListOptions) {
  const { db, logger, retentionMs } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const overlapMs = options.overlapMs ?? 5_000;
  const maxStalenessMs = options.maxStalenessMs ?? 10_000;

  const ended = new Map<string, number>();
  let newestMs: number | undefined;
  let refreshedAt = Number.NEGATIVE_INFINITY;
  let failing = false;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  async function poll(): Promise<void> {
    const since = newestMs === undefined ? null : new Date(newestMs - overlapMs).toISOString();
    const { rows } = await db.execute<Row>(sql`
      select session_id, revoked_at from revoked_session
      where revoked_at > greatest(now() - make_interval(secs => ${retentionMs / 1000}),
                                  ${since}::timestamptz)
    `);
    for (const row of rows) {
      const at = new Date(row.revoked_at).getTime();
      ended.set(row.session_id, at);
      if (newestMs === undefined || at > newestMs) newestMs = at;
    }
    const forgetBefore = Date.now() - retentionMs;
    for (const [id, at] of ended) if (at < forgetBefore) ended.delete(id);
    refreshedAt = performance.now();
  }

  async function pollAndReschedule(): Promise<void> {
    try {
      await poll();
      if (failing) logger.info({ event: "revocations.recovered" }, "ended sessions polled again");
      failing = false;
    } catch (error) {
      // Once per outage: a poll fails twice a second while the database is away.
      if (!failing) {
        logger.warn(
          { event: "revocations.poll_failed", err: describeError(error) },
          "cannot poll ended sessions; keeping those already known",
        );
      }
      failing = true;
    }
    if (stopped) return;
    timer = setTimeout(() => {
      running = pollAndReschedule();
    }, pollIntervalMs);
    timer.unref();
  }

  return {
    start(): Promise<void> {
      running ??= pollAndReschedule();
      return running;
    },
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    /** Whether `sessionId` has ended (memory only); throws RevocationsUnavailableError when stale. */
    isEnded(sessionId: string): boolean {
      if (ended.has(sessionId)) return true;
      if (performance.now() - refreshedAt > maxStalenessMs) throw new RevocationsUnavailableError();
      return false;
    },
    /** Whether the list is recent enough to vouch for sessions (readiness, SPEC R-O4). */
    isFresh: () => performance.now() - refreshedAt <= maxStalenessMs,
    size: () => ended.size,
  };
}

export type RevocationList = ReturnType<typeof createRevocationList>;
