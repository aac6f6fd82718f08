import "server-only";
import { type Executor, schema } from "@tasks/db";
import { asc, eq } from "drizzle-orm";
import { getDb } from "./db.ts";

/** A passkey as the account page shows it (SPEC R-M5): never its public key or credential id. */
export interface PasskeyView {
  id: string;
  /** Null for a passkey saved without one (none are, since names are required). */
  name: string | null;
  /** ISO 8601; null only for rows from before the column had a default. */
  createdAt: string | null;
  /** ISO 8601, when it last signed the person in; null if it never has. */
  lastUsedAt: string | null;
}

/**
 * A passkey as "Download my data" gives it (SPEC R-S9): the page's view and what the
 * authenticator said of itself at registration (WebAuthn §6.1.3 backup flags). Still never
 * the public key, credential id, counter or transports.
 */
export interface PasskeyRecord extends PasskeyView {
  /** `singleDevice` (bound to one authenticator) or `multiDevice` (may be synced, a "synced passkey"). */
  deviceType: string;
  /** Whether it was backed up (synced to other devices) when it was added. */
  backedUp: boolean;
}

/** `userId`'s passkeys with their backup flags, oldest first (the order they were added); one query. */
export async function listPasskeyRecordsOf(
  userId: string,
  db: Executor = getDb(),
): Promise<PasskeyRecord[]> {
  const rows = await db
    .select({
      id: schema.passkey.id,
      name: schema.passkey.name,
      createdAt: schema.passkey.createdAt,
      lastUsedAt: schema.passkey.lastUsedAt,
      deviceType: schema.passkey.deviceType,
      backedUp: schema.passkey.backedUp,
    })
    .from(schema.passkey)
    .where(eq(schema.passkey.userId, userId))
    .orderBy(asc(schema.passkey.createdAt), asc(schema.passkey.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    deviceType: row.deviceType,
    backedUp: row.backedUp,
  }));
}

/** `userId`'s passkeys as the account page lists them, oldest first (the order they were added). */
export async function listPasskeysOf(userId: string): Promise<PasskeyView[]> {
  const records = await listPasskeyRecordsOf(userId);
  return records.map(({ id, name, createdAt, lastUsedAt }) => ({
    id,
    name,
    createdAt,
    lastUsedAt,
  }));
}
