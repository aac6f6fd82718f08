/** Better Auth's tables (its adapter reads the camelCase property names) and the throttles beside them. */
import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true }).notNull().defaultNow();

export const user = pgTable(
  "user",
  {
    id: text("id").primaryKey(),
    name: text("name").notNull(),
    email: text("email").notNull().unique(),
    emailVerified: boolean("email_verified").notNull().default(false),
    image: text("image"),
    /** Better Auth's twoFactor plugin: the second step is asked at sign-in (R-M2). */
    twoFactorEnabled: boolean("two_factor_enabled").notNull().default(false),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  // Emails are unique in any letter case, even if a writer forgets to lower-case one.
  (table) => [uniqueIndex("user_email_lower_idx").on(sql`lower(${table.email})`)],
);

/** The person a row belongs to: it goes with them when the account is deleted (R-S8). */
export const ownerId = () =>
  text("user_id")
    .notNull()
    .references(() => user.id, { onDelete: "cascade" });

export const session = pgTable(
  "session",
  {
    id: text("id").primaryKey(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    token: text("token").notNull().unique(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    userId: ownerId(),
    /** The session's absolute end (R-S7); a trigger (migration 0006) keeps `expires_at` from passing it. */
    absoluteExpiresAt: timestamp("absolute_expires_at", { withTimezone: true }),
    /** How the person got in, RFC 8176 values separated by spaces (`pwd otp mfa`; R-M8). */
    amr: text("amr"),
    /** When the person last proved who they are on this session (OIDC's auth_time; R-M7). */
    authTime: timestamp("auth_time", { withTimezone: true }),
  },
  (table) => [
    index("session_user_id_idx").on(table.userId),
    index("session_expires_at_idx").on(table.expiresAt),
  ],
);

/** Ended sessions (R-S6), written by a trigger when the session row goes; API instances poll it. */
export const revokedSession = pgTable(
  "revoked_session",
  {
    sessionId: text("session_id").primaryKey(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index("revoked_session_revoked_at_idx").on(table.revokedAt)],
);

export const account = pgTable(
  "account",
  {
    id: text("id").primaryKey(),
    accountId: text("account_id").notNull(),
    providerId: text("provider_id").notNull(),
    userId: ownerId(),
    accessToken: text("access_token"),
    refreshToken: text("refresh_token"),
    idToken: text("id_token"),
    accessTokenExpiresAt: timestamp("access_token_expires_at", { withTimezone: true }),
    refreshTokenExpiresAt: timestamp("refresh_token_expires_at", { withTimezone: true }),
    scope: text("scope"),
    password: text("password"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [index("account_user_id_idx").on(table.userId)],
);

export const verification = pgTable(
  "verification",
  {
    id: text("id").primaryKey(),
    identifier: text("identifier").notNull(),
    value: text("value").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (table) => [
    index("verification_identifier_idx").on(table.identifier),
    index("verification_expires_at_idx").on(table.expiresAt),
  ],
);

/** Signing keys of Better Auth's jwt plugin; the private half is encrypted at rest. */
export const jwks = pgTable("jwks", {
  id: text("id").primaryKey(),
  publicKey: text("public_key").notNull(),
  privateKey: text("private_key").notNull(),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
  expiresAt: timestamp("expires_at", { withTimezone: true }),
  alg: text("alg"),
  crv: text("crv"),
});

/** Better Auth's rate limiter in the database, so every web instance counts together. */
export const rateLimit = pgTable("rate_limit", {
  id: text("id").primaryKey(),
  key: text("key").notNull().unique(),
  count: integer("count").notNull(),
  lastRequest: bigint("last_request", { mode: "number" }).notNull(),
});

/** Password-reset requests per email digest, in fixed windows: a limit Better Auth cannot key. */
export const authThrottle = pgTable("auth_throttle", {
  key: text("key").primaryKey(),
  count: integer("count").notNull(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
});

/** API requests per person in the current window, summed over instances (apps/api/src/rate-limit.ts). */
export const apiRateLimit = pgTable("api_rate_limit", {
  userId: ownerId().primaryKey(),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
  count: integer("count").notNull(),
});

/** Better Auth's twoFactor plugin: the TOTP secret (encrypted) and recovery codes (hashed; R-M1, R-M3). */
export const twoFactor = pgTable("two_factor", {
  id: text("id").primaryKey(),
  secret: text("secret").notNull(),
  backupCodes: text("backup_codes").notNull(),
  userId: ownerId().unique(),
  verified: boolean("verified").notNull().default(true),
  failedVerificationCount: integer("failed_verification_count").notNull().default(0),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
  /** The last TOTP time step accepted (RFC 6238 §5.2): a code is taken at most once (R-M3). */
  lastTotpStep: bigint("last_totp_step", { mode: "number" }),
  /** The lockout the person was last told of by mail (R-M4): one mail per lockout. */
  lockoutNotifiedUntil: timestamp("lockout_notified_until", { withTimezone: true }),
  /**
   * Checks at sign-in claimed from the lockout's budget (R-M4): the failures in a row plus the
   * checks under way, so at most 10 codes are checked per lockout on every instance.
   */
  claimedChecks: integer("claimed_checks").notNull().default(0),
  /** When a check was last claimed: a count older than any check under way is resynced. */
  checksClaimedAt: timestamp("checks_claimed_at", { withTimezone: true }),
});

/** Passkeys (WebAuthn credentials) of Better Auth's passkey plugin, with when each was last used (R-M5). */
export const passkey = pgTable(
  "passkey",
  {
    id: text("id").primaryKey(),
    name: text("name"),
    publicKey: text("public_key").notNull(),
    userId: ownerId(),
    credentialID: text("credential_id").notNull().unique(),
    counter: bigint("counter", { mode: "number" }).notNull(),
    deviceType: text("device_type").notNull(),
    backedUp: boolean("backed_up").notNull(),
    transports: text("transports"),
    aaguid: text("aaguid"),
    createdAt: timestamp("created_at", { withTimezone: true }).defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
  },
  (table) => [index("passkey_user_id_idx").on(table.userId)],
);

/**
 * Devices trusted to skip the second step for 30 days (R-M2). The twoFactor plugin keeps only a
 * verification row per device (`trust-device-…`, renamed on each use); this names the device.
 */
export const trustedDevice = pgTable(
  "trusted_device",
  {
    id: text("id").primaryKey(),
    userId: ownerId(),
    /** The plugin's current verification identifier for this device. */
    identifier: text("identifier").notNull().unique(),
    userAgent: text("user_agent"),
    ipAddress: text("ip_address"),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (table) => [index("trusted_device_user_id_idx").on(table.userId)],
);

/** What happened to an account (R-M9): kept 90 days, never a secret, code or token. */
export const securityEvent = pgTable(
  "security_event",
  {
    id: text("id").primaryKey(),
    userId: ownerId(),
    /** A dotted name such as `sign-in`, `two-factor.enabled`, `session.ended`. */
    type: text("type").notNull(),
    createdAt: createdAt(),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
    /** Facts about the event (factors used, codes left, who ended a session); no secrets. */
    detail: jsonb("detail").$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [
    index("security_event_user_id_created_at_idx").on(table.userId, table.createdAt.desc()),
    index("security_event_created_at_idx").on(table.createdAt),
  ],
);
