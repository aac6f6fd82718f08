import "server-only";
import { schema } from "@tasks/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { jwt } from "better-auth/plugins";
import { after } from "next/server";
import { webConfig } from "../env.ts";
import { deleteAccount } from "./account-deletion.ts";
import { authEvents } from "./auth-rules/auth-events.ts";
import { credentialRules } from "./auth-rules/credential-rules.ts";
import { passwordResetRules } from "./auth-rules/password-reset-rules.ts";
import { requestRules } from "./auth-rules/request-rules.ts";
import { sessionTokens } from "./auth-rules/session-tokens.ts";
import { logBetterAuth } from "./better-auth-log.ts";
import { getDb } from "./db.ts";
import { storedUserAgent } from "./device-name.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { sendResetLink } from "./reset-mail.ts";

const DAY = 24 * 60 * 60;

/** Better Auth's endpoints this product does not use, closed (404; decision 030). */
const CLOSED_PATHS = [
  "/sign-in/social",
  "/verify-password",
  "/verify-email",
  "/send-verification-email",
  "/change-email",
  "/update-session",
  "/link-social",
  "/list-accounts",
  "/unlink-account",
  "/delete-user/callback",
  "/refresh-token",
  "/get-access-token",
  "/account-info",
  "/ok",
  "/error",
];

export interface AuthOptions {
  /** Where Better Auth's work after an answer runs (the reset mail): Next.js's `after`. */
  runInBackground?: (task: Promise<unknown>) => void;
}

/** The one Better Auth configuration (web's /api/auth/* and the pages' session lookups). */
export function createAuth({ runInBackground = after }: AuthOptions = {}) {
  const config = webConfig();
  // Every endpoint that checks a password or a code, per client address and endpoint
  // (SPEC R-A9, R-S4); session reads are neither limited nor counted (decision 031).
  const perClient = { window: config.rateLimit.windowSeconds, max: config.rateLimit.max };
  return betterAuth({
    appName: "Tasks",
    baseURL: config.webUrl,
    secret: config.secret,
    secrets: config.secrets,
    trustedOrigins: [config.webUrl],
    disabledPaths: CLOSED_PATHS,
    advanced: {
      // Better Auth skips its origin checks when NODE_ENV is "test" or TEST is set; here they
      // hold in every environment, so tests see what production does.
      disableOriginCheck: false,
      // The address server.ts writes from the socket, or, behind the proxies listed, the
      // first address left of them in the chain (SPEC R-A9; decision 031).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: config.trustedProxies },
      backgroundTasks: { handler: runInBackground },
    },
    // Failures that are not Better Auth's refusals reach route.ts, which answers 503 when the
    // database cannot be reached (SPEC R-O3), instead of Better Auth's bare 500.
    onAPIError: { throw: true },
    database: drizzleAdapter(getDb(), {
      provider: "pg",
      // No `transaction: true`: Better Auth would then hold a transaction (on the embedded
      // database, the only session) through the bcrypt hash of every sign-up. Its
      // multi-step writes end sessions first, so a failure midway errs on the safe side.
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        verification: schema.verification,
        jwks: schema.jwks,
        rateLimit: schema.rateLimit,
      },
    }),
    rateLimit: {
      enabled: true,
      storage: "database",
      customRules: {
        "/sign-in/email": perClient,
        "/sign-up/email": perClient,
        "/change-password": perClient,
        "/delete-user": perClient,
        "/request-password-reset": perClient,
        "/reset-password": perClient,
        "/get-session": false,
        "/token": false,
        "/list-sessions": false,
        "/jwks": false,
      },
    },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      // The rules are ours (credential-rules.ts): 8 to 128 characters counted in NFC. Better
      // Auth counts the UTF-16 units of the password as typed, which for decomposed text can
      // be many more or, for a few scripts, fewer: its bounds never refuse what ours accept.
      minPasswordLength: 1,
      maxPasswordLength: 16 * 1024,
      password: {
        hash: (password) => hashPassword(password, config.bcryptCost),
        verify: ({ hash, password }) => verifyPassword(password, hash),
      },
      // Forgotten passwords (SPEC R-S4): a single-use link, valid PASSWORD_RESET_TTL;
      // setting the new password ends every session of the person and signs no one in.
      sendResetPassword: ({ user, token }) => sendResetLink(user.email, token),
      resetPasswordTokenExpiresIn: config.passwordResetTtlSeconds,
      revokeSessionsOnPasswordReset: true,
    },
    user: {
      // Asked for with the password (credential-rules.ts), all in one transaction.
      deleteUser: { enabled: true, beforeDelete: (user) => deleteAccount(user.id) },
    },
    session: {
      // Listing sessions needs no recent sign-in: the list is the person's own.
      freshAge: 0,
      // Seven days, renewed (at most daily) while the person uses the app (SPEC R-A8)...
      expiresIn: 7 * DAY,
      updateAge: DAY,
      additionalFields: {
        // ...but never past SESSION_MAX_AGE from sign-in (R-S7): the database caps
        // expires_at at this on every write (migrations/0006_session_triggers.sql).
        absoluteExpiresAt: {
          type: "date",
          required: false,
          input: false,
          returned: false,
          defaultValue: () => new Date(Date.now() + config.sessionMaxAgeSeconds * 1000),
        },
      },
    },
    databaseHooks: {
      // The agent a client sends is stored bounded (device-name.ts); pages show only the
      // names Bowser recognises in it.
      session: {
        create: {
          before: async (session) => ({
            data: { ...session, userAgent: storedUserAgent(session.userAgent) },
          }),
        },
      },
    },
    telemetry: { enabled: false },
    logger: { level: "warn", log: logBetterAuth },
    plugins: [
      jwt({
        jwks: {
          keyPairConfig: { alg: "EdDSA", crv: "Ed25519" },
          // A new signing key every interval; the retired one stays in the JWKS for the
          // grace period, so tokens it signed keep verifying until they expire.
          rotationInterval: config.jwksRotationSeconds,
          gracePeriod: config.jwksGraceSeconds,
        },
        jwt: {
          issuer: config.issuer,
          audience: config.audience,
          expirationTime: config.jwtTtl,
          // The API needs who the caller is (`sub` is the user id), and which session the
          // token comes from and when that session ends, to refuse it once the session is
          // over (SPEC R-S6; apps/api/src/auth/token-verifier.ts).
          definePayload: ({ user, session }) => ({
            email: user.email,
            name: user.name,
            sid: session.id,
            sexp: Math.floor(new Date(session.expiresAt).getTime() / 1000),
          }),
        },
        // Signing a token on every session check would cost a signature per page view.
        disableSettingJwtHeader: true,
      }),
      // Our rules, in this order: the request's, the body's, the reset's, the tokens', the log's.
      requestRules(config.webUrl),
      credentialRules(),
      passwordResetRules(config.rateLimit),
      sessionTokens(),
      authEvents(),
    ],
  });
}

type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/**
 * The process's Better Auth, built on first use (the build loads this module without a
 * database): route.ts answers /api/auth/* with it, pages look sessions up through it.
 */
export function auth(): Auth {
  instance ??= createAuth();
  return instance;
}
