import { z } from "zod";

/** Length in characters (Unicode code points), as PostgreSQL and JSON Schema count them. */
export function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count++;
  return count;
}

interface TextRules {
  label: string;
  min: number;
  max: number;
}

/**
 * A text field stored as given: no NUL characters (PostgreSQL cannot store them) and no
 * unpaired surrogates (they cannot be encoded as UTF-8, so they would not round-trip).
 */
export function textField({ label, min, max }: TextRules) {
  return z
    .string({ error: `${label} must be a string` })
    .check((ctx) => {
      const value = ctx.value;
      const length = characterCount(value);
      let message: string | undefined;
      if (value.includes("\u0000")) message = `${label} must not contain NUL characters`;
      else if (!value.isWellFormed()) message = `${label} must be valid Unicode text`;
      else if (length < min)
        message =
          min === 1 ? `${label} is required` : `${label} must be at least ${min} characters`;
      else if (length > max) message = `${label} must be at most ${max} characters`;
      if (message) ctx.issues.push({ code: "custom", message, input: value });
    })
    .meta({ minLength: min, maxLength: max });
}
