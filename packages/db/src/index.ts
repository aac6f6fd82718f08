export {
  createDatabase,
  createPool,
  type Database,
  type Executor,
  type Transaction,
  withStatementNames,
} from "./client.ts";
export { DatabaseConnectionError, isDatabaseUnavailable, postgresErrorCode } from "./errors.ts";
export { deleteExpiredIdempotencyKeys, IDEMPOTENCY_KEY_TTL_HOURS } from "./idempotency.ts";
export { deleteEndedRateLimitWindows, RATE_LIMIT_WINDOW_MAX_SECONDS } from "./rate-limits.ts";
export * as schema from "./schema.ts";
export { type FoldedRows, foldStoredText } from "./text-keys.ts";
