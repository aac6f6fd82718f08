import "server-only";
import { type Executor, schema } from "@tasks/db";
import { and, asc, desc, eq, gt } from "drizzle-orm";
import { getDb } from "./db.ts";
import { deviceName } from "./device-name.ts";
import { listPasskeyRecordsOf } from "./passkeys.ts";
import { storedRecoveryCodes } from "./recovery-codes.ts";
import { listSecurityActivityOf, recordSecurityEvent } from "./security-events.ts";
import { listTrustedDevicesOf } from "./trusted-devices.ts";

/** A live session as the account page shows it (SPEC R-S3): never its token. */
export interface SessionView {
  id: string;
  device: string;
  ipAddress: string | null;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  current: boolean;
}

/** `userId`'s live sessions, most recently used first, `currentId` marked; tokens never read. */
export async function listSessionsOf(
  userId: string,
  currentId: string,
  db: Executor = getDb(),
): Promise<SessionView[]> {
  const rows = await db
    .select({
      id: schema.session.id,
      userAgent: schema.session.userAgent,
      ipAddress: schema.session.ipAddress,
      createdAt: schema.session.createdAt,
      updatedAt: schema.session.updatedAt,
      expiresAt: schema.session.expiresAt,
    })
    .from(schema.session)
    .where(and(eq(schema.session.userId, userId), gt(schema.session.expiresAt, new Date())))
    .orderBy(desc(schema.session.updatedAt), desc(schema.session.createdAt));
  return rows.map((row) => ({
    id: row.id,
    device: deviceName(row.userAgent),
    ipAddress: row.ipAddress || null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.updatedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    current: row.id === currentId,
  }));
}

interface Person {
  id: string;
  name: string;
  email: string;
  emailVerified: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** Who asks for the download: the client address and User-Agent, for the security log. */
export interface Requester {
  ipAddress: string | null;
  userAgent: string | null;
}

/** Two-step verification as the download states it (R-M1, R-M3): never the secret or a code. */
export interface TwoFactorState {
  /** Whether sign-in asks for the authenticator app (or a recovery code). */
  enabled: boolean;
  /** Unused recovery codes; null while two-step verification is off. */
  recoveryCodesLeft: number | null;
}

/**
 * Whether `userId` has two-step verification on, and how many recovery codes are left: one
 * query. The stored hashes are counted here and go no further; the TOTP secret is not read.
 */
async function twoFactorStateOf(userId: string, db: Executor): Promise<TwoFactorState> {
  const [row] = await db
    .select({ enabled: schema.user.twoFactorEnabled, backupCodes: schema.twoFactor.backupCodes })
    .from(schema.user)
    .leftJoin(schema.twoFactor, eq(schema.twoFactor.userId, schema.user.id))
    .where(eq(schema.user.id, userId));
  const enabled = row?.enabled === true;
  return {
    enabled,
    recoveryCodesLeft: enabled ? storedRecoveryCodes(row?.backupCodes).length : null,
  };
}

/**
 * Everything the product keeps about `user` (SPEC R-S9), JSON-ready, one query per kind:
 * profile, live sessions (no tokens), tasks (whole), passkeys (no public key or credential id),
 * trusted devices (as /account lists them), two-step verification (on or off, recovery codes
 * left; no secret, code or hash) and the security activity (R-M9). The download is logged in
 * the same transaction that reads it, so it lists itself.
 */
export async function accountData(user: Person, currentSessionId: string, requester: Requester) {
  return getDb().transaction(async (tx) => {
    await recordSecurityEvent({ userId: user.id, type: "data.downloaded", ...requester }, tx);
    const tasks = await tx
      .select(schema.taskOwnColumns)
      .from(schema.task)
      .where(eq(schema.task.userId, user.id))
      .orderBy(asc(schema.task.createdAt), asc(schema.task.id));
    return {
      exportedAt: new Date().toISOString(),
      profile: {
        id: user.id,
        name: user.name,
        email: user.email,
        emailVerified: user.emailVerified,
        createdAt: new Date(user.createdAt).toISOString(),
        updatedAt: new Date(user.updatedAt).toISOString(),
      },
      sessions: await listSessionsOf(user.id, currentSessionId, tx),
      tasks,
      passkeys: await listPasskeyRecordsOf(user.id, tx),
      trustedDevices: (await listTrustedDevicesOf(user.id, tx)).map((device) => ({
        ...device,
        createdAt: device.createdAt.toISOString(),
        lastUsedAt: device.lastUsedAt.toISOString(),
        expiresAt: device.expiresAt.toISOString(),
      })),
      twoFactor: await twoFactorStateOf(user.id, tx),
      securityActivity: await listSecurityActivityOf(user.id, undefined, tx),
    };
  });
}
