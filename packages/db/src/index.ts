export {
  createDatabase,
  createPool,
  type Database,
  type DatabaseOptions,
  type PoolOptions,
  withStatementNames,
} from "./client.ts";
export { isDatabaseUnavailable, postgresErrorCode } from "./errors.ts";
export * as schema from "./schema.ts";
export { isoTimestamp } from "./timestamps.ts";
