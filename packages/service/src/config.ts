/** Building blocks of both services' configuration schemas: an empty value is unset. */
import { z } from "zod";

const emptyAsUnset = (value: unknown) => (value === "" ? undefined : value);

export const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess(emptyAsUnset, schema.optional());

export const withDefault = <T extends z.ZodType>(schema: T, fallback: z.output<T>) =>
  z.preprocess(emptyAsUnset, schema.default(fallback as never));

export const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
/** Decimal digits matching `digits`, from `min` to `max`, with one message for any other value. */
const decimal = (digits: RegExp, what: string) => (min: number, max: number) => {
  const error = `must be ${what} from ${min} to ${max}`;
  return z
    .string()
    .regex(digits, { error })
    .transform(Number)
    .pipe(z.number().min(min, { error }).max(max, { error }));
};

/** A whole number ("abc", "1.5", "-1", "0x10" are not). */
export const wholeNumber = decimal(/^\d+$/, "a whole number");
/** A number of seconds, fractions allowed ("0.5"). */
export const secondsFrom = decimal(/^\d+(\.\d+)?$/, "a number of seconds");

export const port = wholeNumber(0, 65_535);

export const nodeEnv = withDefault(z.enum(["development", "production", "test"]), "development");
export const logLevel = withDefault(
  z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]),
  "info",
);
const postgresUrl = z
  .string({ error: "is required: the PostgreSQL connection string" })
  .regex(/^postgres(ql)?:\/\//, { error: "must be a postgres:// or postgresql:// URL" });
export const databaseUrl = z.preprocess(emptyAsUnset, postgresUrl);
/** `npm start`'s DATABASE_URL: unset runs the embedded database. */
export const optionalDatabaseUrl = optional(postgresUrl);

/** The parsed environment, or an error listing every bad variable with its rule. */
export function parseEnvironment<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `  ${issue.path.join(".")} ${issue.message}`);
  throw new Error(`Invalid configuration:\n${problems.join("\n")}`);
}
/** The parsed configuration, or each bad variable on stderr and exit 1. */
export function loadConfigOrExit<T>(parse: (env: Record<string, string | undefined>) => T): T {
  try {
    return parse(process.env);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}

/** SHUTDOWN_DELAY (R-O11): seconds of serving on after SIGTERM while readiness answers 503. */
export const shutdownDelay = withDefault(secondsFrom(0, 300), 0);

export const databasePoolMax = withDefault(wholeNumber(1, 100), 10);
/** The `aud` web writes and the API requires: one default, or every token is refused. */
export const authAudience = withDefault(z.string().min(1), "tasks-api");

const DURATION = /^([1-9][0-9]*)(s|m|h)$/;
const SECONDS_PER_UNIT = { s: 1, m: 60, h: 3600 } as const;

export const duration = z.string().regex(DURATION, { error: "must look like 90s, 15m or 1h" });

/** `{ text, seconds }` of a valid duration: as written (Better Auth takes it so), and in seconds. */
function parseDuration(text: string) {
  const [, amount = "0", unit = "s"] = DURATION.exec(text) ?? [];
  return {
    text,
    seconds: Number(amount) * SECONDS_PER_UNIT[unit as keyof typeof SECONDS_PER_UNIT],
  };
}

/** JWT_TTL (R-T2, R-S6): the tokens' lifetime; web and API must be given the same. */
export const jwtTtl = withDefault(duration, "15m").transform(parseDuration);
