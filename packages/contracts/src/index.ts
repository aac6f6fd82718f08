export * from "./problem.ts";
export * from "./task.ts";
export { characterCount } from "./text.ts";
