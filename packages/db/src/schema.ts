/** The one schema: Better Auth's tables (web) and the tasks (api); migrations come from both. */
export * from "./auth-schema.ts";
export * from "./task-schema.ts";
