import { drizzle, type NodePgDatabase } from "drizzle-orm/node-postgres";
import pg from "pg";
import { DatabaseConnectionError, postgresErrorCode } from "./errors.ts";
import * as schema from "./schema.ts";

export type Database = NodePgDatabase<typeof schema>;
/** A transaction on a Database, as `db.transaction()` hands it to its callback. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

export interface PoolOptions {
  /** Connections this process may hold; every pool on one database must fit its limit. */
  max?: number;
  applicationName?: string;
  onError?: (error: Error) => void;
  /** Bound on each query; 0 for none (migrations may wait on a lock and run long). */
  queryTimeoutMs?: number;
}

type ConnectCallback = (error: Error | null, client?: pg.Client) => void;

/** pg's Client whose failure to connect is a DatabaseConnectionError (a start-up SQLSTATE means other things in a query). */
class ConnectingClient extends pg.Client {
  override connect(): Promise<pg.Client>;
  override connect(callback: ConnectCallback): void;
  override connect(callback?: ConnectCallback): Promise<pg.Client> | undefined {
    const connecting = super.connect().then(
      () => this,
      (error: unknown) => {
        throw new DatabaseConnectionError(error);
      },
    );
    if (!callback) return connecting;
    connecting.then(
      (client) => callback(null, client),
      (error: Error) => callback(error),
    );
    return undefined;
  }
}

/** A lazy pg Pool with bounded waits: an unreachable database fails a request quickly (R-O3). */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    Client: ConnectingClient,
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    query_timeout: options.queryTimeoutMs ?? 15_000,
  });
  // Without a listener, a connection dropped by the server crashes the process.
  pool.on("error", (error) => options.onError?.(error));
  return pool;
}

export interface DatabaseOptions {
  /** Named statements, planned once per connection; off for PGlite and transaction-mode poolers. */
  namedStatements?: boolean;
}

const namingStatements = new WeakMap<Database, boolean>();

export function createDatabase(
  client: pg.Pool | pg.PoolClient,
  options: DatabaseOptions = {},
): Database {
  const db = drizzle({ client, schema });
  namingStatements.set(db, options.namedStatements ?? false);
  return db;
}

/** SQLSTATEs of a server that does not keep statement names per connection. */
const NAME_CLASHES = new Set([
  "42P05", // duplicate_prepared_statement: the name exists in a session shared by others
  "26000", // invalid_sql_statement_name: a pooler sent us to a session without it
]);

/** Runs `query` with statement names if used; if the server refuses them, they go off and it runs unnamed. */
export async function withStatementNames<T>(
  db: Database,
  query: (named: boolean) => Promise<T>,
): Promise<T> {
  const named = namingStatements.get(db) ?? false;
  try {
    return await query(named);
  } catch (error) {
    if (!named || !NAME_CLASHES.has(postgresErrorCode(error) ?? "")) throw error;
    namingStatements.set(db, false);
    return query(false);
  }
}
