import "server-only";
import { randomUUID } from "node:crypto";
import { type Executor, schema } from "@tasks/db";
import { desc, eq, type SQL, sql } from "drizzle-orm";
import { getDb } from "./db.ts";
import { deviceName, storedUserAgent } from "./device-name.ts";

/** What the security log records (SPEC R-M9), one dotted name per kind of event. */
export const SECURITY_EVENT_TYPES = [
  "sign-in",
  "sign-in.failed",
  "second-step.failed",
  "second-step.locked",
  "password.changed",
  "password-reset.requested",
  "password-reset.used",
  "two-factor.enabled",
  "two-factor.disabled",
  "recovery-codes.created",
  "recovery-code.used",
  "passkey.added",
  "passkey.removed",
  "trusted-device.added",
  "trusted-device.removed",
  "session.ended",
  "data.downloaded",
] as const;
export type SecurityEventType = (typeof SECURITY_EVENT_TYPES)[number];

/** Days an event is kept (R-M9); housekeeping deletes older ones. */
export const SECURITY_EVENT_RETENTION_DAYS = 90;

/** Facts about an event: words and counts only, never a secret, code, token or password. */
export type SecurityDetail = Record<string, string | number | boolean | string[]>;

export interface SecurityEventInput {
  userId: string;
  type: SecurityEventType;
  /** The client address as Better Auth's getIP gives it; null when unknown. */
  ipAddress?: string | null;
  /** The User-Agent as received; stored bounded and printable (device-name.ts). */
  userAgent?: string | null;
  detail?: SecurityDetail;
  /** When it happened; the database's now() when absent. */
  createdAt?: Date;
}

/** The stored row of `event`: the agent bounded and printable, the address or null. */
const rowOf = (event: SecurityEventInput) => ({
  id: randomUUID(),
  userId: event.userId,
  type: event.type,
  ipAddress: event.ipAddress || null,
  userAgent: storedUserAgent(event.userAgent),
  detail: event.detail ?? {},
  ...(event.createdAt ? { createdAt: event.createdAt } : {}),
});

/**
 * Writes one event of `userId`'s security log (SPEC R-M9) on `db`: pass the transaction
 * that makes the change when there is one, so both are kept or neither.
 */
export async function recordSecurityEvent(
  event: SecurityEventInput,
  db: Executor = getDb(),
): Promise<void> {
  await db.insert(schema.securityEvent).values(rowOf(event));
}

/**
 * `deleted`, a `delete from session … returning user_id, user_agent, ip_address` (and
 * `expires_at` when `at` names it), with a `session.ended` event for each session it deletes
 * (R-M9): one statement, so every ended session is in the log, with its own device and
 * address, at `at` (now when absent), ended `by` whom.
 */
export function endingSessions(deleted: SQL, by: "expiry" | "another device", at = sql`now()`) {
  return sql`
    with ended as (${deleted})
    insert into security_event (id, user_id, type, created_at, ip_address, user_agent, detail)
    select gen_random_uuid()::text, user_id, 'session.ended', ${at}, ip_address, user_agent,
      ${JSON.stringify({ by })}::jsonb
    from ended`;
}

/**
 * Writes a `sign-in` event of `userId` (R-M9) and says whether they had signed in before from
 * this stored agent, within the 90 days kept (R-M10's "device not seen before"). One
 * statement: RETURNING's subquery sees the table as it was before this row.
 */
export async function recordSignIn(
  event: Omit<SecurityEventInput, "type">,
  db: Executor = getDb(),
): Promise<{ seenBefore: boolean }> {
  const row = rowOf({ ...event, type: "sign-in" });
  const { securityEvent } = schema;
  const [written] = await db
    .insert(securityEvent)
    .values(row)
    .returning({
      seenBefore: sql<boolean>`exists (select 1 from ${securityEvent} where ${securityEvent.userId} = ${row.userId} and ${securityEvent.type} = 'sign-in' and ${securityEvent.userAgent} is not distinct from ${row.userAgent}::text)`,
    });
  return { seenBefore: written?.seenBefore === true };
}

/** An event as the account page and "Download my data" show it: never the raw agent. */
export interface SecurityActivity {
  id: string;
  type: string;
  /** What happened, in words. */
  what: string;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** The device in words (device-name.ts), from Bowser's names only. */
  device: string;
  ipAddress: string | null;
  detail: Record<string, unknown>;
}

const text = (value: unknown) => (typeof value === "string" && value !== "" ? value : null);

/** An event in words, from its type and detail. */
export function describeSecurityEvent(type: string, detail: Record<string, unknown>): string {
  switch (type) {
    case "sign-in": {
      const factors = text(detail.factors) ?? "password";
      return detail.signUp
        ? `Account created, signed in with ${factors}`
        : `Signed in with ${factors}`;
    }
    case "sign-in.failed":
      return detail.method === "passkey"
        ? "Sign-in refused: passkey not verified"
        : "Sign-in refused: wrong password";
    case "second-step.failed":
      return detail.method === "recovery code"
        ? "Second step refused: wrong recovery code"
        : "Second step refused: wrong verification code";
    case "second-step.locked":
      return "Second step locked after too many wrong codes";
    case "password.changed":
      return "Password changed";
    case "password-reset.requested":
      return "Password reset link asked for";
    case "password-reset.used":
      return "Password reset with an emailed link";
    case "two-factor.enabled":
      return "Two-step verification turned on";
    case "two-factor.disabled":
      return "Two-step verification turned off";
    case "recovery-codes.created":
      return detail.setUp
        ? "Recovery codes made with the authenticator app"
        : "New recovery codes made";
    case "recovery-code.used":
      return typeof detail.left === "number"
        ? `Recovery code used (${detail.left} left)`
        : "Recovery code used";
    case "passkey.added":
      return text(detail.name) ? `Passkey added: ${detail.name}` : "Passkey added";
    case "passkey.removed":
      return text(detail.name) ? `Passkey removed: ${detail.name}` : "Passkey removed";
    case "trusted-device.added":
      return "Device trusted for the second step";
    case "trusted-device.removed": {
      const because = text(detail.because);
      if (!because) return "Trusted device removed";
      const count = typeof detail.count === "number" ? detail.count : 1;
      return `${count === 1 ? "Trusted device" : `${count} trusted devices`} forgotten: ${because}`;
    }
    case "session.ended":
      if (detail.by === "expiry") return "Session expired";
      return detail.by === "another device" ? "Signed out from another device" : "Signed out";
    case "data.downloaded":
      return "Data downloaded";
    default:
      return type;
  }
}

/**
 * `userId`'s security log (SPEC R-M9), newest first: the last `limit` events, or all of
 * them without one ("Download my data"). Only that person's events, ever.
 */
export async function listSecurityActivityOf(
  userId: string,
  limit?: number,
  db: Executor = getDb(),
): Promise<SecurityActivity[]> {
  const query = db
    .select()
    .from(schema.securityEvent)
    .where(eq(schema.securityEvent.userId, userId))
    .orderBy(desc(schema.securityEvent.createdAt), desc(schema.securityEvent.id));
  const rows = limit === undefined ? await query : await query.limit(limit);
  return rows.map((row) => ({
    id: row.id,
    type: row.type,
    what: describeSecurityEvent(row.type, row.detail),
    createdAt: row.createdAt.toISOString(),
    device: deviceName(row.userAgent),
    ipAddress: row.ipAddress || null,
    detail: row.detail,
  }));
}
