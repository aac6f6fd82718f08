/** The text rules (text.ts) as a zod string, for the schemas. */
import { z } from "zod";
import { type TextRules, textProblem } from "./text.ts";

/** A zod string checked by `textProblem` (in NFC with `nfc`). */
export function textField(rules: TextRules) {
  const text = z.string({
    error: (issue) =>
      issue.input === undefined ? `${rules.label} is required` : `${rules.label} must be a string`,
  });
  return (rules.nfc ? text.normalize("NFC") : text)
    .check((ctx) => {
      const message = textProblem(ctx.value, rules);
      if (message) ctx.issues.push({ code: "custom", message, input: ctx.value });
    })
    .meta({ minLength: rules.min, maxLength: rules.max });
}
