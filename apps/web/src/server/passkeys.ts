import "server-only";
import { schema } from "@tasks/db";
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

/** `userId`'s passkeys, oldest first (the order they were added). */
export async function listPasskeysOf(userId: string): Promise<PasskeyView[]> {
  const rows = await getDb()
    .select({
      id: schema.passkey.id,
      name: schema.passkey.name,
      createdAt: schema.passkey.createdAt,
      lastUsedAt: schema.passkey.lastUsedAt,
    })
    .from(schema.passkey)
    .where(eq(schema.passkey.userId, userId))
    .orderBy(asc(schema.passkey.createdAt), asc(schema.passkey.id));
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    createdAt: row.createdAt?.toISOString() ?? null,
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
  }));
}
