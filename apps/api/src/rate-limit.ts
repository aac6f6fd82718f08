/** A generous per-person limit shared by instances, synced every `syncMs`: it stops floods, it does not meter. */
import { type Database, isDatabaseUnavailable, postgresErrorCode, schema } from "@tasks/db";
import { sql } from "drizzle-orm";
import { createMiddleware } from "hono/factory";
import type { AppEnv } from "./http/env.ts";
import { ApiError } from "./http/problem.ts";

export interface RateLimitOptions {
  max: number;
  windowMs: number;
  syncMs?: number;
}

interface Entry {
  windowStart: number;
  shared: number;
  pending: number;
  sending: number;
}

export function createRateLimiter(db: Database, { max, windowMs, syncMs = 200 }: RateLimitOptions) {
  const entries = new Map<string, Entry>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<void> = Promise.resolve();

  function sync(): Promise<void> {
    timer = undefined;
    queue = queue.then(syncNow);
    return queue;
  }

  function send(batch: [string, Entry][]) {
    return db.execute<{ user_id: string; count: number; window_start: string }>(sql`
      insert into ${schema.apiRateLimit} as r (user_id, window_start, count)
      select b.user_id, b.window_start, b.count from unnest(
        ${sql.param(batch.map(([userId]) => userId))}::text[],
        ${sql.param(batch.map(([, entry]) => new Date(entry.windowStart).toISOString()))}::timestamptz[],
        ${sql.param(batch.map(([, entry]) => entry.sending))}::int[]) as b(user_id, window_start, count)
      where exists (select 1 from ${schema.user} u where u.id = b.user_id)
      on conflict (user_id) do update set
        count = case when r.window_start < excluded.window_start then excluded.count else r.count + excluded.count end,
        window_start = greatest(r.window_start, excluded.window_start)
      returning user_id, count, window_start`);
  }

  async function syncNow(): Promise<void> {
    const batch = takeBatch();
    if (batch.length === 0) return;
    for (const [, entry] of batch) {
      entry.sending = entry.pending;
      entry.pending = 0;
    }
    try {
      const result = await send(batch).catch((error: unknown) => {
        // A person deleted meanwhile: run again without them, for everyone else's counts.
        if (postgresErrorCode(error) === "23503") return send(batch);
        throw error;
      });
      // The entries sent: a window begun meanwhile must not be charged the old one's total.
      const sentEntries = new Map(batch);
      for (const row of result.rows) {
        const entry = sentEntries.get(row.user_id);
        const sameWindow = entry && new Date(row.window_start).getTime() === entry.windowStart;
        if (entry && sameWindow) entry.shared = Math.max(entry.shared, row.count);
      }
      for (const [, entry] of batch) entry.sending = 0;
    } catch (error) {
      for (const [, entry] of batch) {
        // Database away: keep the counts for the next sync; any other refusal would repeat forever.
        if (isDatabaseUnavailable(error)) entry.pending += entry.sending;
        entry.sending = 0;
      }
    }
  }

  function takeBatch(): [string, Entry][] {
    const now = Date.now();
    const batch: [string, Entry][] = [];
    for (const [userId, entry] of entries) {
      if (entry.pending > 0) batch.push([userId, entry]);
      else if (entry.sending === 0 && entry.windowStart + windowMs <= now) entries.delete(userId);
    }
    return batch;
  }

  function scheduleSync() {
    if (timer) return;
    timer = setTimeout(() => void sync(), syncMs);
    timer.unref();
  }

  return {
    hit(userId: string, now = Date.now()) {
      const windowStart = now - (now % windowMs);
      let entry = entries.get(userId);
      if (!entry || entry.windowStart !== windowStart) {
        entry = { windowStart, shared: 0, pending: 0, sending: 0 };
        entries.set(userId, entry);
      }
      const resetSeconds = Math.max(1, Math.ceil((windowStart + windowMs - now) / 1000));
      const used = entry.shared + entry.sending + entry.pending;
      if (used >= max) return { allowed: false, limit: max, remaining: 0, resetSeconds };
      entry.pending++;
      scheduleSync();
      return { allowed: true, limit: max, remaining: max - used - 1, resetSeconds };
    },
    async flush(): Promise<void> {
      clearTimeout(timer);
      await sync();
    },
  };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

/** 429 with Retry-After once reached, RateLimit-* headers on every answer under it. */
export function rateLimit(limiter: RateLimiter) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const decision = limiter.hit(c.get("userId"));
    const limitHeaders = {
      "ratelimit-limit": String(decision.limit),
      "ratelimit-remaining": String(decision.remaining),
      "ratelimit-reset": String(decision.resetSeconds),
    };
    if (!decision.allowed) {
      c.get("logger").warn({ event: "api.rate_limited" }, "request limit reached");
      throw new ApiError(
        "too-many-requests",
        `Too many requests. Try again in ${decision.resetSeconds} seconds.`,
        undefined,
        { ...limitHeaders, "retry-after": String(decision.resetSeconds) },
      );
    }
    await next();
    for (const [name, value] of Object.entries(limitHeaders)) c.res.headers.set(name, value);
    c.res.headers.set("cache-control", "no-store");
  });
}
