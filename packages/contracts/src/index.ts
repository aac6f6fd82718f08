export { foldText } from "./fold.ts";
export * from "./list-query.ts";
export * from "./planning.ts";
export * from "./problem.ts";
export * from "./task.ts";
export { characterCount, type TextRules, textField, textProblem } from "./text.ts";
export * from "./transfer.ts";
