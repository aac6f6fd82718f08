/**
 * The embedded database: PGlite (PostgreSQL compiled to WebAssembly) served over the
 * PostgreSQL wire protocol, so the services connect to it with the same `pg` driver and
 * the same SQL as to a real server.
 */
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import { keepExchangesWhole } from "./whole-exchanges.ts";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the data files; in memory when absent. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
  /**
   * PGlite has no authentication, so it only ever listens on loopback. Its socket
   * server admits one connection unless told otherwise: this must cover every pool.
   */
  maxConnections?: number;
}

export async function startEmbeddedDatabase(
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  // The extensions the migrations create (search: migrations/0004_search.sql) must be
  // loaded into PGlite before they can be created.
  const db = await PGlite.create(options.dataDir, { extensions: { pg_trgm, btree_gin } });
  const server = new PGLiteSocketServer({
    db,
    host: "127.0.0.1",
    port: options.port ?? 0,
    maxConnections: options.maxConnections ?? 40,
  });
  keepExchangesWhole(server);
  await server.start();
  return {
    url: `postgres://postgres@${server.getServerConn()}/postgres`,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
