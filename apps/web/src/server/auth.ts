import "server-only";
import { passkey } from "@better-auth/passkey";
import { schema } from "@tasks/db";
import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { jwt, twoFactor } from "better-auth/plugins";
import { after } from "next/server";
import { webConfig } from "../env.ts";
import { deleteAccount } from "./account-deletion.ts";
import { authEvents } from "./auth-rules/auth-events.ts";
import { credentialRules } from "./auth-rules/credential-rules.ts";
import { passkeyOptions, passkeyRules } from "./auth-rules/passkeys.ts";
import { passwordResetRules } from "./auth-rules/password-reset-rules.ts";
import { recentProof } from "./auth-rules/recent-proof.ts";
import { requestRules } from "./auth-rules/request-rules.ts";
import { secondStepOptions, secondStepRules } from "./auth-rules/second-step.ts";
import { securityLog } from "./auth-rules/security-log.ts";
import { sessionAssurance } from "./auth-rules/session-assurance.ts";
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
  // The twoFactor plugin's mailed codes (not offered) and its second look at the secret (R-M1).
  "/two-factor/send-otp",
  "/two-factor/verify-otp",
  "/two-factor/get-totp-uri",
];

/** The session's `amr` as a list (RFC 8176 values); sessions stamped before it held `pwd` only. */
export function amrOf(session: object): string[] {
  const amr = (session as { amr?: unknown }).amr;
  return typeof amr === "string" && amr !== "" ? amr.split(" ") : ["pwd"];
}

export interface AuthOptions {
  /** Where Better Auth's work after an answer runs (the reset mail): Next.js's `after`. */
  runInBackground?: (task: Promise<unknown>) => void;
}

/** The one Better Auth configuration (web's /api/auth/* and the pages' session lookups). */
export function createAuth({ runInBackground = after }: AuthOptions = {}) {
  const config = webConfig();
  // Per client address and endpoint checking a password or code (R-A9, R-S4; decision 031).
  const perClient = { window: config.rateLimit.windowSeconds, max: config.rateLimit.max };
  return betterAuth({
    appName: "Tasks",
    baseURL: config.webUrl,
    secret: config.secret,
    secrets: config.secrets,
    trustedOrigins: [config.webUrl],
    disabledPaths: CLOSED_PATHS,
    advanced: {
      // Better Auth skips origin checks under NODE_ENV=test or TEST; here they always hold.
      disableOriginCheck: false,
      // The socket's address, or the first left of the trusted proxies (R-A9; decision 031).
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"], trustedProxies: config.trustedProxies },
      backgroundTasks: { handler: runInBackground },
    },
    // Other failures reach route.ts, which answers 503 when the database is down (R-O3).
    onAPIError: { throw: true },
    database: drizzleAdapter(getDb(), {
      provider: "pg",
      // No `transaction: true`: it would hold the database through each sign-up's bcrypt.
      schema: {
        user: schema.user,
        session: schema.session,
        account: schema.account,
        twoFactor: schema.twoFactor,
        passkey: schema.passkey,
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
        "/two-factor/*": perClient,
        "/passkey/verify-authentication": perClient,
        "/passkey/verify-registration": perClient,
        "/reauthenticate": perClient,
        "/get-session": false,
        "/token": false,
        "/list-sessions": false,
        "/jwks": false,
      },
    },
    emailAndPassword: {
      enabled: true,
      autoSignIn: true,
      // Our bounds are credential-rules.ts's (NFC); Better Auth's, in UTF-16 units, are kept wide.
      minPasswordLength: 1,
      maxPasswordLength: 16 * 1024,
      password: {
        hash: (password) => hashPassword(password, config.bcryptCost),
        verify: ({ hash, password }) => verifyPassword(password, hash),
      },
      // Forgotten passwords (R-S4): a single-use link; the reset ends every session.
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
      // Seven days, renewed while used (R-A8), at most every 10 minutes: the renewal is also
      // the "Last used" the devices list shows (R-S3), so a day was too coarse...
      expiresIn: 7 * DAY,
      updateAge: 10 * 60,
      additionalFields: {
        // ...but never past SESSION_MAX_AGE (R-S7): the database caps expires_at (migration 0006).
        absoluteExpiresAt: {
          type: "date",
          required: false,
          input: false,
          returned: false,
          defaultValue: () => new Date(Date.now() + config.sessionMaxAgeSeconds * 1000),
        },
        // How the person got in, stamped at creation by session-assurance.ts (R-M8); returned,
        // so that definePayload and the pages' session checks see it (decision 047).
        amr: { type: "string", required: false, input: false, returned: true },
        // Every way in is a proof; recent-proof.ts moves it on when the password is given again.
        authTime: {
          type: "date",
          required: false,
          input: false,
          returned: false,
          defaultValue: () => new Date(),
        },
      },
    },
    databaseHooks: {
      // The agent is stored bounded (device-name.ts); pages show only what Bowser recognises.
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
          // A retired key stays in the JWKS for the grace period: its tokens verify until expiry.
          rotationInterval: config.jwksRotationSeconds,
          gracePeriod: config.jwksGraceSeconds,
        },
        jwt: {
          issuer: config.issuer,
          audience: config.audience,
          expirationTime: config.jwtTtl,
          // `sub` is the user id; the session id and end let the API refuse it after (R-S6).
          definePayload: ({ user, session }) => ({
            email: user.email,
            name: user.name,
            sid: session.id,
            // How the person got in (RFC 8176 §2; R-M8); a session from before is a password's.
            amr: amrOf(session),
            sexp: Math.floor(new Date(session.expiresAt).getTime() / 1000),
          }),
        },
        // Signing a token on every session check would cost a signature per page view.
        disableSettingJwtHeader: true,
      }),
      twoFactor(secondStepOptions()),
      passkey(passkeyOptions(config.webUrl)),
      requestRules(config.webUrl),
      credentialRules(),
      passwordResetRules(config.rateLimit),
      // Before securityLog: the log reads the recovery codes left from its answer.
      secondStepRules(),
      recentProof(),
      // After recentProof: a stale proof is asked for before the passkey is looked up.
      passkeyRules(),
      sessionAssurance(),
      securityLog(),
      sessionTokens(),
      authEvents(),
    ],
  });
}

type Auth = ReturnType<typeof createAuth>;
let instance: Auth | undefined;

/** The process's Better Auth, built on first use (the build loads this without a database). */
export function auth(): Auth {
  instance ??= createAuth();
  return instance;
}
