/**
 * The one database schema shared by web (Better Auth's tables, auth-schema.ts) and api
 * (tasks, task-schema.ts), in two files by who uses them; migrations are generated from
 * both (drizzle.config.ts).
 */
export * from "./auth-schema.ts";
export * from "./task-schema.ts";
