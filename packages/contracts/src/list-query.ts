/** The list's and counts' query string (R-K9, R-K16): single-string parameters. */
import { z } from "zod";
import {
  dueKinds,
  LIST_LIMIT_DEFAULT,
  LIST_LIMIT_MAX,
  SEARCH_MAX_LENGTH,
  SEARCH_WORD_MAX_LENGTH,
  SEARCH_WORDS_MAX,
  searchRules,
  sortOrders,
  taskPriorities,
  taskSorts,
  taskStatuses,
} from "./limits.ts";
import { calendarDateSchema, tagNameSchema } from "./planning.ts";
import { textField } from "./text-field.ts";

/** The query of an operation that takes no parameters: any one given is unknown (R-K10). */
export const noQuerySchema = z.strictObject({});

/** Which words of `q` a list or counts answer used (R-K16), present when `q` was given. */
export const searchUsedSchema = z
  .object({
    words: z.array(z.string()).meta({
      description: `The distinct words searched for, as first typed (ignoring letter case), at most ${SEARCH_WORDS_MAX}.`,
    }),
    ignored: z.array(z.string()).meta({
      description: `Distinct words after the ${SEARCH_WORDS_MAX}th: not searched for.`,
    }),
  })
  .meta({
    id: "SearchUsed",
    description: `The words of \`q\` the answer used: a search takes the first ${SEARCH_WORDS_MAX} distinct words.`,
  });

export type SearchUsed = z.infer<typeof searchUsedSchema>;

const limitSchema = z
  .string()
  .regex(/^[0-9]{1,4}$/, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
      .max(LIST_LIMIT_MAX, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` }),
  );

/** A search (`q`): trimmed, in NFC, 1 to 200 characters, no word over 100 (R-K16). */
export const searchSchema = z
  .string({ error: "Search must be a string" })
  .trim()
  .pipe(textField(searchRules));

const filters = {
  status: z
    .enum(taskStatuses, { error: "Status must be all, pending or completed" })
    .default("all")
    .meta({ description: "Which tasks: all, only pending, or only completed ones." }),
  q: searchSchema.optional().meta({
    minLength: 1,
    maxLength: SEARCH_MAX_LENGTH,
    description: `Words, each found in the title or the description, ignoring letter case (Unicode case folding of NFC text); \`%\` and \`_\` are plain characters. The first ${SEARCH_WORDS_MAX} distinct words are used (the answer's \`search\` names them), each at most ${SEARCH_WORD_MAX_LENGTH} characters.`,
  }),
  tag: tagNameSchema("Tag")
    .optional()
    .meta({ description: "Only tasks carrying this tag (ignoring letter case)." }),
  priority: z
    .enum(taskPriorities, { error: "Priority must be none, low, medium or high" })
    .optional()
    .meta({ description: "Only tasks of this priority." }),
  dueFrom: calendarDateSchema("dueFrom")
    .optional()
    .meta({ description: "Only tasks due on this date or later (YYYY-MM-DD)." }),
  dueTo: calendarDateSchema("dueTo")
    .optional()
    .meta({ description: "Only tasks due on this date or earlier (YYYY-MM-DD)." }),
  due: z
    .enum(dueKinds, { error: "due must be none or any" })
    .optional()
    .meta({ description: "`none`: only tasks without a due date; `any`: only tasks with one." }),
};

type Dates = { dueFrom?: string; dueTo?: string };

/** dueFrom after dueTo can match nothing: most likely a mistake, so it is refused. */
function checkDateRange(ctx: z.core.ParsePayload<Dates>): void {
  const { dueFrom, dueTo } = ctx.value;
  if (dueFrom !== undefined && dueTo !== undefined && dueFrom > dueTo) {
    ctx.issues.push({
      code: "custom",
      message: "dueTo must not be before dueFrom",
      input: dueTo,
      path: ["dueTo"],
    });
  }
}

export const listTasksQuerySchema = z
  .strictObject({
    ...filters,
    sort: z
      .enum(taskSorts, { error: "Sort must be created, updated, title, due or priority" })
      .default("created")
      .meta({
        description:
          "The field the list is ordered by. `due`: tasks without a date come last in both orders; `priority`: by importance. Ties by creation time, then id.",
      }),
    order: z.enum(sortOrders, { error: "Order must be asc or desc" }).optional().meta({
      description:
        "Default: desc (newest, most important first) for created, updated and priority; asc for title and due.",
    }),
    limit: limitSchema.default(LIST_LIMIT_DEFAULT).meta({
      type: "integer",
      minimum: 1,
      maximum: LIST_LIMIT_MAX,
      default: LIST_LIMIT_DEFAULT,
      description: "Tasks per page.",
    }),
    cursor: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,1024}$/, { error: "Cursor is not one this API returned" })
      .optional()
      .meta({
        description:
          "The previous page's `nextCursor`, with the same filters, sort and order, for the next page.",
      }),
  })
  .check(checkDateRange);

export const countTasksQuerySchema = z.strictObject(filters).check(checkDateRange);

export type ListTasksParams = z.input<typeof listTasksQuerySchema>;
export type CountTasksQuery = z.infer<typeof countTasksQuerySchema>;
export type CountTasksParams = z.input<typeof countTasksQuerySchema>;
/** The filters of a list or counts request, as validated. */
export type TaskFilters = CountTasksQuery;
