import "server-only";
import { schema } from "@tasks/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { jwt } from "better-auth/plugins";
import { webConfig } from "../env.ts";
import { deleteAccount } from "./account-deletion.ts";
import { AUTH_MAX_BODY_BYTES } from "./auth-answers.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { hashPassword, verifyPassword } from "./password.ts";
import { sendResetLink } from "./reset-mail.ts";

const DAY = 24 * 60 * 60;

/**
 * Better Auth's own messages, into our JSON log. Its arguments are reduced to error names
 * and codes: a failed query's message lists its parameters, which can include an email
 * address or a password hash.
 */
function logBetterAuth(
  level: "debug" | "info" | "warn" | "error",
  message: string,
  ...args: unknown[]
) {
  const errors = args
    .filter((arg): arg is Error => arg instanceof Error)
    .map((error) => ({
      name: error.name,
      code: (error as { code?: unknown }).code ?? (error.cause as { code?: unknown })?.code,
    }));
  // "Invalid password" and the like are ordinary failed sign-ins, logged by auth-handler.ts;
  // a reset asked for an unknown email is ordinary too, and not to be told apart.
  const quiet = level === "warn" && /invalid (password|email)|user not found/i.test(message);
  logger()[quiet ? "debug" : level]({ source: "better-auth", errors }, message);
}

function createAuth() {
  const config = webConfig();
  return betterAuth({
    appName: "Tasks",
    baseURL: config.webUrl,
    secret: config.secret,
    secrets: config.secrets,
    trustedOrigins: [config.webUrl],
    // Better Auth skips its origin and CSRF checks when NODE_ENV is "test" or TEST is set;
    // here they hold in every environment, so tests see what production does.
    advanced: { disableOriginCheck: false },
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
      },
    }),
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      // The rules are ours, checked first (src/lib/credentials.ts): 8 to 128 characters
      // counted in NFC. Better Auth counts the UTF-16 units of the password as typed, which
      // for decomposed text can be many more or, for a few scripts, fewer: its own bounds
      // are set so they never refuse what ours accept (the body cap bounds the rest).
      minPasswordLength: 1,
      maxPasswordLength: AUTH_MAX_BODY_BYTES,
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
      // Asked for with the password (account-requests.ts), all in one transaction.
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
    // Throttling is ours (src/server/throttle.ts): atomic, shared through the database,
    // keyed by the address the custom server vouches for, with a Retry-After header.
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    logger: { log: logBetterAuth },
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
      // No nextCookies(): it lets server actions that call auth.api set cookies, and this
      // app sets cookies only through the HTTP endpoints, whose answers carry them. It
      // cost about 1.5 ms of CPU on every auth request (docs/benchmarks.md).
    ],
  });
}

type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/**
 * Better Auth, built on first use (the build loads this module without a database). One
 * per copy of this module: the custom server's (auth-listener.ts) answers /api/auth/*,
 * Next.js's serves the pages' session lookups. Both keep their state in the database, as
 * separate web instances do, and each throws its own copy's APIError, which only its own
 * `isAPIError` knows: the instance is not shared through `remember`.
 */
export function auth(): Auth {
  instance ??= createAuth();
  return instance;
}
