/**
 * The embedded database (PGlite behind packages/db's wire-protocol server, in memory) in a
 * process of its own, for the bench: started and migrated by the product's own functions,
 * on EMBEDDED_DB_PORT, until SIGTERM.
 */
import { startEmbeddedDatabase } from "@tasks/db/embedded";
import { migrateDatabase } from "@tasks/db/migrate";

const port = Number(process.env.EMBEDDED_DB_PORT ?? 0);
const embedded = await startEmbeddedDatabase({ port });
await migrateDatabase(embedded.url);
console.info(`embedded database ready at ${embedded.url}`);

const stop = () => {
  embedded.stop().finally(() => process.exit(0));
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
