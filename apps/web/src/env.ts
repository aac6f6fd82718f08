/** The web app's configuration, validated once at start-up (server.ts); server code only. */
import {
  authAudience,
  databasePoolMax,
  databaseUrl,
  httpUrl,
  jwtTtl,
  logLevel,
  nodeEnv,
  optional,
  parseEnvironment,
  port,
  shutdownDelay,
  wholeNumber,
  withDefault,
} from "@tasks/service/config";
import { z } from "zod";

const addressOrNetwork = z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6()]);

/** "10.0.0.0/8, 192.0.2.7" as its entries; an issue naming the first that is neither. */
function addressesOrNetworks(value: string, ctx: z.RefinementCtx) {
  const entries = value.split(",").map((entry) => entry.trim());
  const bad = entries.find((entry) => !addressOrNetwork.safeParse(entry).success);
  if (bad === undefined) return entries;
  ctx.addIssue({
    code: "custom",
    message: `must list IP addresses or networks, comma-separated (10.0.0.0/8,192.0.2.7): "${bad}" is neither`,
  });
  return z.NEVER;
}

const envSchema = z
  .object({
    NODE_ENV: nodeEnv,
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: databasePoolMax,
    BETTER_AUTH_SECRET: optional(z.string()),
    /** Versioned secrets for rotation, newest first: "2:new-secret,1:old-secret". */
    BETTER_AUTH_SECRETS: optional(
      z
        .string()
        .regex(/^\d+:[^,]+(,\d+:[^,]+)*$/, { error: 'must look like "2:new-secret,1:old-secret"' })
        .transform((value) =>
          value.split(",").map((entry) => {
            const colon = entry.indexOf(":");
            return { version: Number(entry.slice(0, colon)), value: entry.slice(colon + 1) };
          }),
        ),
    ),
    /** Seconds between signing-key rotations, and how long a retired key stays published. */
    JWKS_ROTATION_INTERVAL: withDefault(wholeNumber(1, 10 * 365 * 86_400), 30 * 86_400),
    JWKS_GRACE_PERIOD: withDefault(wholeNumber(1, 10 * 365 * 86_400), 7 * 86_400),
    HOST: withDefault(z.string(), "127.0.0.1"),
    WEB_PORT: withDefault(port, 3000),
    WEB_URL: withDefault(httpUrl, "http://localhost:3000"),
    API_URL: withDefault(httpUrl, "http://localhost:8000"),
    AUTH_ISSUER: optional(z.string().min(1)),
    AUTH_AUDIENCE: authAudience,
    JWT_TTL: jwtTtl,
    /** Seconds from sign-in after which a session ends, however it is used (SPEC R-S7). */
    SESSION_MAX_AGE: withDefault(wholeNumber(1, 366 * 86_400), 30 * 86_400),
    BCRYPT_COST: withDefault(wholeNumber(10, 15), 12),
    /** Trusted proxies ("10.0.0.0/8,192.0.2.7"): Better Auth's `trustedProxies` (decision 031). */
    TRUSTED_PROXIES: optional(z.string().transform(addressesOrNetworks)),
    /** Or: how many proxies, each appending to X-Forwarded-For, stand in front of web. */
    TRUSTED_PROXY_HOPS: withDefault(wholeNumber(0, 10), 0),
    AUTH_RATE_LIMIT_MAX: withDefault(wholeNumber(1, 10_000), 10),
    AUTH_RATE_LIMIT_WINDOW: withDefault(wholeNumber(1, 86_400), 60),
    /** Where mail goes (SPEC R-S5): smtp://user:pass@host:587 (STARTTLS when offered) or smtps://. */
    SMTP_URL: optional(
      z.url({ protocol: /^smtps?$/, error: "must be an smtp:// or smtps:// URL" }),
    ),
    MAIL_FROM: withDefault(z.string().min(3).max(320), "Tasks <no-reply@localhost>"),
    /** With no SMTP_URL, log mail even in production (`npm start` runs on one machine; R-S5). */
    MAIL_LOG: withDefault(z.enum(["true", "false"]), "false"),
    /** Seconds a password reset link stays valid (SPEC R-S4). */
    PASSWORD_RESET_TTL: withDefault(wholeNumber(60, 7 * 86_400), 3600),
    /** `true`: people without a second factor are led to set one up (R-M8). */
    AUTH_REQUIRE_MFA: withDefault(z.enum(["true", "false"]), "false"),
    LOG_LEVEL: logLevel,
    SHUTDOWN_DELAY: shutdownDelay,
  })
  .superRefine((env, ctx) => {
    if (env.TRUSTED_PROXY_HOPS > 0 && env.TRUSTED_PROXIES) {
      ctx.addIssue({
        code: "custom",
        path: ["TRUSTED_PROXY_HOPS"],
        message: "cannot be set with TRUSTED_PROXIES: name the proxies one way",
      });
    }
    const weak = (value: string) => env.NODE_ENV === "production" && value.length < 32;
    for (const { version, value } of env.BETTER_AUTH_SECRETS ?? []) {
      if (weak(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["BETTER_AUTH_SECRETS"],
          message: `version ${version} must be at least 32 characters in production`,
        });
      }
    }
    const secret = env.BETTER_AUTH_SECRET;
    if (secret === undefined && env.BETTER_AUTH_SECRETS) return;
    if (secret === undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message:
          "is required: set it to a random string of at least 32 characters (for example: openssl rand -base64 32)",
      });
    } else if (weak(secret)) {
      ctx.addIssue({
        code: "custom",
        path: ["BETTER_AUTH_SECRET"],
        message:
          "must be at least 32 characters in production (for example: openssl rand -base64 32)",
      });
    }
  });

export type WebConfig = ReturnType<typeof parseWebConfig>;

export function parseWebConfig(env: Record<string, string | undefined>) {
  const e = parseEnvironment(envSchema, env);
  const webUrl = new URL(e.WEB_URL).origin;
  return {
    production: e.NODE_ENV === "production",
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    /** Without BETTER_AUTH_SECRETS, the secret; with it, the fallback for older data. */
    secret: e.BETTER_AUTH_SECRET,
    secrets: e.BETTER_AUTH_SECRETS,
    jwksRotationSeconds: e.JWKS_ROTATION_INTERVAL,
    jwksGraceSeconds: e.JWKS_GRACE_PERIOD,
    host: e.HOST,
    port: e.WEB_PORT,
    webUrl,
    apiUrl: new URL(e.API_URL).origin,
    issuer: e.AUTH_ISSUER ?? webUrl,
    audience: e.AUTH_AUDIENCE,
    jwtTtl: e.JWT_TTL.text,
    jwtTtlSeconds: e.JWT_TTL.seconds,
    sessionMaxAgeSeconds: e.SESSION_MAX_AGE,
    bcryptCost: e.BCRYPT_COST,
    trustedProxies: e.TRUSTED_PROXIES ?? [],
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    rateLimit: { max: e.AUTH_RATE_LIMIT_MAX, windowSeconds: e.AUTH_RATE_LIMIT_WINDOW },
    /** Unset: mail is written to the log outside production, and not available in it. */
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailLog: e.MAIL_LOG === "true",
    passwordResetTtlSeconds: e.PASSWORD_RESET_TTL,
    requireMfa: e.AUTH_REQUIRE_MFA === "true",
    logLevel: e.LOG_LEVEL,
    shutdownDelaySeconds: e.SHUTDOWN_DELAY,
  };
}

let cached: WebConfig | undefined;

/** The configuration of this process, parsed on first use. */
export function webConfig(): WebConfig {
  cached ??= parseWebConfig(process.env);
  return cached;
}
