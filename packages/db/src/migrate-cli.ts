/** `npm run db:migrate`: applies the committed migrations to DATABASE_URL. */
import { migrateDatabase } from "./migrate.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set: give the PostgreSQL connection string to migrate.");
  process.exit(1);
}

try {
  await migrateDatabase(url);
  console.info("Migrations applied.");
} catch (error) {
  console.error("Migration failed:", error instanceof Error ? error.message : error);
  process.exit(1);
}
