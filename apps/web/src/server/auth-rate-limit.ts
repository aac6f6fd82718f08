import "server-only";
import { randomUUID } from "node:crypto";
import { schema } from "@tasks/db";
import type { BetterAuthRateLimitOptions } from "better-auth";
import { eq, sql } from "drizzle-orm";
import { getDb } from "./db.ts";

/**
 * Better Auth's per-client limit (R-A9) on its own `rate_limit` table, every instance
 * counting together, as its `rateLimit.customStorage`: one request counted or refused in one
 * upsert. Better Auth's database storage reads the counter, then writes it (two statements a
 * request); the rule is the same: a rolling window of `window` seconds from the last request
 * let through, at most `max` in it. `retryAfter` is in seconds; refusals read the counter
 * again for it.
 */
export function authRateLimitStorage(): NonNullable<BetterAuthRateLimitOptions["customStorage"]> {
  const { rateLimit } = schema;
  return {
    async consume(key, { window, max }) {
      const now = Date.now();
      const ended = sql`${rateLimit.lastRequest} <= ${now - window * 1000}`;
      const counted = await getDb()
        .insert(rateLimit)
        .values({ id: randomUUID(), key, count: 1, lastRequest: now })
        .onConflictDoUpdate({
          target: rateLimit.key,
          set: {
            count: sql`case when ${ended} then 1 else ${rateLimit.count} + 1 end`,
            lastRequest: now,
          },
          setWhere: sql`${ended} or ${rateLimit.count} < ${max}`,
        })
        .returning({ count: rateLimit.count });
      if (counted.length > 0) return { allowed: true, retryAfter: null };
      const [held] = await getDb()
        .select({ lastRequest: rateLimit.lastRequest })
        .from(rateLimit)
        .where(eq(rateLimit.key, key));
      const retryAfter = Math.ceil(
        ((held?.lastRequest ?? now) + window * 1000 - Date.now()) / 1000,
      );
      return { allowed: false, retryAfter: Math.max(1, retryAfter) };
    },
  };
}
