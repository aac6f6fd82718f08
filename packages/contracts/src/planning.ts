/** Planning fields (SPEC §7): due date, priority and tags, under the shared text rules. */
import { z } from "zod";
import { foldText } from "./fold.ts";
import { TAG_MAX_LENGTH, TAGS_PER_TASK_MAX, tagNameRules, taskPriorities } from "./limits.ts";
import { textField } from "./text-field.ts";

const isoDate = z.iso.date();

/** Whether `text` is a real calendar date `YYYY-MM-DD` (proleptic Gregorian, as PostgreSQL) from year 0001. */
export const isCalendarDate = (text: string): boolean =>
  isoDate.safeParse(text).success && !text.startsWith("0000");

/** A calendar date `YYYY-MM-DD` (R-K13): no time of day, no time zone. */
export const calendarDateSchema = (label: string) =>
  z
    .string({ error: `${label} must be a date as YYYY-MM-DD` })
    .refine(isCalendarDate, { error: `${label} must be a real date as YYYY-MM-DD` })
    .meta({
      format: "date",
      pattern: "^\\d{4}-\\d{2}-\\d{2}$",
      description: "A calendar date, YYYY-MM-DD (years 0001 to 9999).",
    });

export const dueDateSchema = calendarDateSchema("Due date")
  .nullable()
  .meta({ description: "A calendar date YYYY-MM-DD (the person's own calendar), or null." });

export const prioritySchema = z
  .enum(taskPriorities, { error: "Priority must be none, low, medium or high" })
  .meta({ description: "none (the default), low, medium or high." });

/** One tag name: trimmed, 1 to 32 characters, without `;` (CSV joins tags with it). */
export const tagNameSchema = (label = "Tag") =>
  z
    .string({ error: `${label} must be a string` })
    .trim()
    .pipe(textField(tagNameRules(label)))
    .meta({
      minLength: 1,
      maxLength: TAG_MAX_LENGTH,
      pattern: "^[^;]*$",
      description: `Trimmed and put in Unicode NFC, then 1 to ${TAG_MAX_LENGTH} characters, no \`;\`; compared ignoring letter case (Unicode case folding).`,
    });

/** A list check: an issue at each item whose `keyOf` an earlier item already had. */
export const noRepeats =
  (keyOf: (item: string) => string, message: string) => (ctx: z.core.ParsePayload<string[]>) => {
    const seen = new Set<string>();
    for (const [index, item] of ctx.value.entries()) {
      const key = keyOf(item);
      if (seen.has(key)) ctx.issues.push({ code: "custom", message, input: item, path: [index] });
      seen.add(key);
    }
  };

/** A task's tags (R-K15): at most 10, distinct by `foldText` (R-A11), in the order given. */
export const tagsSchema = z
  .array(tagNameSchema(), { error: "Tags must be a list of names" })
  .max(TAGS_PER_TASK_MAX, { error: `A task has at most ${TAGS_PER_TASK_MAX} tags` })
  .check(noRepeats(foldText, "Tag repeats another one (tags ignore letter case)"))
  .meta({
    maxItems: TAGS_PER_TASK_MAX,
    description: `Up to ${TAGS_PER_TASK_MAX} tag names, none repeating another in any letter case.`,
  });

export const tagCountSchema = z
  .object({ name: z.string(), count: z.number().int() })
  .meta({ id: "TagCount", description: "A tag as the person first spelled it, and its tasks." });

export const tagListSchema = z.object({ tags: z.array(tagCountSchema) }).meta({
  id: "TagList",
  description: "The caller's tags carried by at least one task, A to Z ignoring case.",
});

export type TagCount = z.infer<typeof tagCountSchema>;
export type TagList = z.infer<typeof tagListSchema>;
