export * from "./limits.ts";
export * from "./list-query.ts";
export * from "./planning.ts";
export * from "./problem.ts";
export * from "./task.ts";
export { textField } from "./text-field.ts";
export * from "./transfer.ts";
