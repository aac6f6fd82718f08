/** The API's configuration, read once at start-up; a bad value stops it, naming the variable. */
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
  secondsFrom,
  shutdownDelay,
  wholeNumber,
  withDefault,
} from "@tasks/service/config";
import { z } from "zod";

/**
 * JWS algorithms that verify with a published public key (RFC 7518 §3.1, RFC 8037, RFC 9864);
 * never `none` or a shared-secret HMAC, which anyone holding the JWKS could forge.
 */
const SIGNATURE_ALGORITHMS = new Set([
  "EdDSA",
  "Ed25519",
  "ES256",
  "ES384",
  "ES512",
  "RS256",
  "RS384",
  "RS512",
  "PS256",
  "PS384",
  "PS512",
]);

const envSchema = z.object({
  NODE_ENV: nodeEnv,
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_MAX: databasePoolMax,
  DATABASE_NAMED_STATEMENTS: withDefault(z.enum(["true", "false"]), "true"),
  HOST: withDefault(z.string(), "127.0.0.1"),
  API_PORT: withDefault(port, 8000),
  WEB_URL: withDefault(httpUrl, "http://localhost:3000"),
  AUTH_JWKS_URL: optional(httpUrl),
  AUTH_ISSUER: optional(z.string().min(1)),
  AUTH_AUDIENCE: authAudience,
  AUTH_JWT_ALGORITHMS: withDefault(
    z.string().refine((value) => value.split(",").every((name) => SIGNATURE_ALGORITHMS.has(name)), {
      error: `must list public-key signature algorithms, comma-separated, from ${[...SIGNATURE_ALGORITHMS].join(", ")}`,
    }),
    "EdDSA,Ed25519",
  ),
  AUTH_CLOCK_TOLERANCE: withDefault(secondsFrom(0, 300), 5),
  AUTH_JWKS_COOLDOWN: withDefault(secondsFrom(0, 300), 3),
  AUTH_JWKS_MAX_AGE: withDefault(secondsFrom(1, 86_400), 300),
  JWT_TTL: jwtTtl,
  AUTH_REQUIRE_MFA: withDefault(z.enum(["true", "false"]), "false"),
  API_RATE_LIMIT_MAX: withDefault(wholeNumber(1, 1_000_000), 600),
  API_RATE_LIMIT_WINDOW: withDefault(wholeNumber(1, 3_600), 60),
  LOG_LEVEL: logLevel,
  SHUTDOWN_DELAY: shutdownDelay,
});

export function parseConfig(env: Record<string, string | undefined>) {
  const e = parseEnvironment(envSchema, env);
  const webOrigin = new URL(e.WEB_URL).origin;
  return {
    production: e.NODE_ENV === "production",
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    namedStatements: e.DATABASE_NAMED_STATEMENTS === "true",
    host: e.HOST,
    port: e.API_PORT,
    corsOrigin: webOrigin,
    logLevel: e.LOG_LEVEL,
    shutdownDelaySeconds: e.SHUTDOWN_DELAY,
    rateLimit: { max: e.API_RATE_LIMIT_MAX, windowMs: e.API_RATE_LIMIT_WINDOW * 1000 },
    auth: {
      jwksUrl: e.AUTH_JWKS_URL ?? `${webOrigin}/api/auth/jwks`,
      issuer: e.AUTH_ISSUER ?? webOrigin,
      audience: e.AUTH_AUDIENCE,
      algorithms: e.AUTH_JWT_ALGORITHMS.split(","),
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE,
      jwksCooldownMs: e.AUTH_JWKS_COOLDOWN * 1000,
      jwksMaxAgeMs: e.AUTH_JWKS_MAX_AGE * 1000,
      /** The longest token lifetime accepted, web's JWT_TTL (SPEC R-S6). */
      maxTokenLifetimeSeconds: e.JWT_TTL.seconds,
      /** Refuse tokens whose `amr` shows no second factor (R-M8). */
      requireMfa: e.AUTH_REQUIRE_MFA === "true",
    },
  };
}
