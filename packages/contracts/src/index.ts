export * from "./problem.ts";
export * from "./task.ts";
export { characterCount, type TextRules, textField, textProblem } from "./text.ts";
