/**
 * The sessions that have ended, as this API instance knows them (SPEC R-S6; decision 023).
 *
 * Web ends sessions by deleting their rows; a trigger records each one in `revoked_session`
 * in the same transaction, at its commit. This instance loads the records younger than the
 * longest token lifetime at start, then polls every 200 ms for records newer than the
 * newest it has seen (less an overlap, for transactions that commit out of order). DESIGN
 * says about 500 ms; the goal, p95 ≤ 250 ms from sign-out to refusal, needs less
 * (a wait spread evenly over the interval has its p95 at 95 % of it).
 * LISTEN/NOTIFY would not do: a pooler in transaction mode (Neon's) does not deliver it.
 *
 * Requests read only the in-memory set. While the database cannot be polled, the set is
 * kept: sessions known to have ended stay refused. If the last successful poll is older
 * than `maxStalenessMs`, a token not known to be ended cannot be vouched for either, and
 * `isEnded` throws RevocationsUnavailableError (the request is answered 503).
 */
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
  /** Time between the end of one poll and the start of the next, in ms. */
  pollIntervalMs?: number;
  /** How far each poll reaches back before the newest record already seen, in ms. */
  overlapMs?: number;
  /** With no successful poll for this long, unknown sessions are not vouched for (ms). */
  maxStalenessMs?: number;
}

interface Row extends Record<string, unknown> {
  session_id: string;
  revoked_at: Date | string;
}

/**
 * How long an ended session must be remembered, in ms: until the last token issued for
 * it has expired, that is the longest token lifetime plus the clock tolerance, and a
 * minute for a token signed while its session was being ended and for clock skew.
 */
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

  /** Session id → when it ended (ms since the epoch, the database's clock). */
  const ended = new Map<string, number>();
  let newestMs: number | undefined;
  /** performance.now() of the last successful poll. */
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
    /** Starts polling; resolves after the first poll, whether or not it succeeded. */
    start(): Promise<void> {
      running ??= pollAndReschedule();
      return running;
    },
    /** Stops polling (shutdown); resolves when a poll under way has finished. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    /**
     * Whether the session `sessionId` has ended. Memory only, no query. Throws
     * RevocationsUnavailableError when the answer would be "no" but the list is stale.
     */
    isEnded(sessionId: string): boolean {
      if (ended.has(sessionId)) return true;
      if (performance.now() - refreshedAt > maxStalenessMs) throw new RevocationsUnavailableError();
      return false;
    },
    /** Whether the list is recent enough to vouch for sessions (readiness, SPEC R-O4). */
    isFresh: () => performance.now() - refreshedAt <= maxStalenessMs,
    /** How many ended sessions are remembered (for tests). */
    size: () => ended.size,
  };
}

export type RevocationList = ReturnType<typeof createRevocationList>;
