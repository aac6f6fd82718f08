/**
 * The API's configuration, read from the environment once at start-up. A bad value stops
 * the service with a message naming the variable. Nothing else reads process.env.
 */
import { z } from "zod";

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUnset, schema.optional());
const withDefault = <T extends z.ZodType>(schema: T, fallback: z.input<T>) =>
  z.preprocess(emptyAsUnset, schema.default(fallback as never));

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const port = z.coerce.number().int().min(0).max(65_535);
const seconds = z.coerce.number().min(0).max(86_400);

const envSchema = z.object({
  NODE_ENV: withDefault(z.enum(["development", "production", "test"]), "development"),
  DATABASE_URL: z.preprocess(
    emptyAsUnset,
    z
      .string({ error: "is required: the PostgreSQL connection string" })
      .regex(/^postgres(ql)?:\/\//, {
        error: "must be a postgres:// or postgresql:// URL",
      }),
  ),
  DATABASE_POOL_MAX: withDefault(z.coerce.number().int().min(1).max(100), 10),
  HOST: withDefault(z.string(), "127.0.0.1"),
  API_PORT: withDefault(port, 8000),
  WEB_URL: withDefault(httpUrl, "http://localhost:3000"),
  AUTH_JWKS_URL: optional(httpUrl),
  AUTH_ISSUER: optional(z.string().min(1)),
  AUTH_AUDIENCE: withDefault(z.string().min(1), "tasks-api"),
  AUTH_JWT_ALGORITHMS: withDefault(
    z.string().regex(/^[A-Za-z0-9]+(,[A-Za-z0-9]+)*$/),
    "EdDSA,Ed25519",
  ),
  AUTH_CLOCK_TOLERANCE: withDefault(seconds.max(300), 5),
  AUTH_JWKS_COOLDOWN: withDefault(seconds.max(300), 3),
  AUTH_JWKS_MAX_AGE: withDefault(seconds.min(1), 300),
  API_RATE_LIMIT_MAX: withDefault(z.coerce.number().int().min(1).max(1_000_000), 600),
  API_RATE_LIMIT_WINDOW: withDefault(z.coerce.number().int().min(1).max(3_600), 60),
  LOG_LEVEL: withDefault(
    z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
    "info",
  ),
});

export type ApiConfig = ReturnType<typeof parseConfig>;

export function parseConfig(env: Record<string, string | undefined>) {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `  ${issue.path.join(".")} ${issue.message}`,
    );
    throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
  }
  const e = result.data;
  const webOrigin = new URL(e.WEB_URL).origin;
  return {
    production: e.NODE_ENV === "production",
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    host: e.HOST,
    port: e.API_PORT,
    corsOrigin: webOrigin,
    logLevel: e.LOG_LEVEL,
    rateLimit: { max: e.API_RATE_LIMIT_MAX, windowMs: e.API_RATE_LIMIT_WINDOW * 1000 },
    auth: {
      jwksUrl: e.AUTH_JWKS_URL ?? `${webOrigin}/api/auth/jwks`,
      issuer: e.AUTH_ISSUER ?? webOrigin,
      audience: e.AUTH_AUDIENCE,
      algorithms: e.AUTH_JWT_ALGORITHMS.split(","),
      clockToleranceSeconds: e.AUTH_CLOCK_TOLERANCE,
      jwksCooldownMs: e.AUTH_JWKS_COOLDOWN * 1000,
      jwksMaxAgeMs: e.AUTH_JWKS_MAX_AGE * 1000,
    },
  };
}
