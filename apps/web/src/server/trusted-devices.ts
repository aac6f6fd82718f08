import "server-only";
import { randomUUID } from "node:crypto";
import { type Executor, schema } from "@tasks/db";
import { and, desc, eq, gt, like } from "drizzle-orm";
import { getDb } from "./db.ts";
import { deviceName } from "./device-name.ts";
import { recordSecurityEvent } from "./security-events.ts";

/**
 * Devices trusted to skip the second step (R-M2; decision 047). Better Auth's twoFactor plugin
 * keeps one verification row per device (`trust-device-<random>`, value = user id, renamed on
 * each use); `trusted_device` names the device beside it and follows each rename.
 */

const TRUST_PREFIX = "trust-device-";

/** One trusted device as the account page and GET /trusted-devices show it. */
export interface TrustedDevice {
  id: string;
  /** The browser and system in words (device-name.ts), or "Unknown browser". */
  device: string;
  ipAddress: string | null;
  createdAt: Date;
  lastUsedAt: Date;
  /** When the trust ends unless used again (30 days after its last use). */
  expiresAt: Date;
}

export const isTrustIdentifier = (identifier: string) => identifier.startsWith(TRUST_PREFIX);

/** The person's devices whose trust has not ended, last used first; one query (on `db`). */
export async function listTrustedDevicesOf(
  userId: string,
  db: Executor = getDb(),
): Promise<TrustedDevice[]> {
  const t = schema.trustedDevice;
  const rows = await db
    .select()
    .from(t)
    .where(and(eq(t.userId, userId), gt(t.expiresAt, new Date())))
    .orderBy(desc(t.lastUsedAt));
  return rows.map((row) => ({
    id: row.id,
    device: deviceName(row.userAgent),
    ipAddress: row.ipAddress,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
  }));
}

export interface TrustRecord {
  userId: string;
  /** The plugin's new verification identifier. */
  identifier: string;
  /** The identifier the request's trust_device cookie named, if any (a renewal). */
  previous: string | null;
  userAgent: string | null;
  ipAddress: string | null;
  expiresAt: Date;
}

/** Follows the plugin's new trust row: the device named by `previous` renewed, else a new one. */
export async function recordTrust(record: TrustRecord): Promise<void> {
  const t = schema.trustedDevice;
  const db = getDb();
  if (record.previous) {
    const renewed = await db
      .update(t)
      .set({ identifier: record.identifier, lastUsedAt: new Date(), expiresAt: record.expiresAt })
      .where(and(eq(t.identifier, record.previous), eq(t.userId, record.userId)))
      .returning({ id: t.id });
    if (renewed.length > 0) return;
  }
  await db.insert(t).values({
    id: randomUUID(),
    userId: record.userId,
    identifier: record.identifier,
    userAgent: record.userAgent,
    ipAddress: record.ipAddress,
    expiresAt: record.expiresAt,
  });
}

/** Removes one of the person's devices and its trust; false when `id` is not theirs. */
export async function removeTrustedDevice(userId: string, id: string): Promise<boolean> {
  return getDb().transaction(async (tx) => {
    const t = schema.trustedDevice;
    const [removed] = await tx
      .delete(t)
      .where(and(eq(t.id, id), eq(t.userId, userId)))
      .returning({ identifier: t.identifier });
    if (!removed) return false;
    const v = schema.verification;
    await tx.delete(v).where(and(eq(v.identifier, removed.identifier), eq(v.value, userId)));
    return true;
  });
}

/** Why and from where the person's trusted devices are forgotten, for the security log. */
export interface Forgetting {
  because: string;
  ipAddress: string | null;
  userAgent: string | null;
}

/**
 * Forgets every device the person trusted (R-M2: password changed or reset, signed out
 * everywhere else, two-step verification off): the rows and the plugin's trust records,
 * and, when there were any, one `trusted-device.removed` event saying how many and why
 * (R-M9), in the same transaction.
 */
export async function forgetTrustedDevices(userId: string, forgetting: Forgetting): Promise<void> {
  await getDb().transaction(async (tx) => {
    const forgotten = await tx
      .delete(schema.trustedDevice)
      .where(eq(schema.trustedDevice.userId, userId))
      .returning({ id: schema.trustedDevice.id });
    const v = schema.verification;
    await tx.delete(v).where(and(like(v.identifier, `${TRUST_PREFIX}%`), eq(v.value, userId)));
    if (forgotten.length === 0) return;
    const { because, ipAddress, userAgent } = forgetting;
    const detail = { count: forgotten.length, because };
    await recordSecurityEvent(
      { userId, type: "trusted-device.removed", detail, ipAddress, userAgent },
      tx,
    );
  });
}
