/** The list's and counts' query string (R-K9, R-K16): single-string parameters. */
import { z } from "zod";
import { foldText } from "./fold.ts";
import { calendarDateSchema, tagNameSchema, taskPriorities } from "./planning.ts";
import { characterCount, textField } from "./text.ts";

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 100;
export const SEARCH_MAX_LENGTH = 200;
/** A search uses at most this many distinct words of `q` (R-K16); the answer names them. */
export const SEARCH_WORDS_MAX = 10;
/** The longest word a search takes, in characters. */
export const SEARCH_WORD_MAX_LENGTH = 100;

export const taskStatuses = ["all", "pending", "completed"] as const;
export const taskSorts = ["created", "updated", "title", "due", "priority"] as const;
export const sortOrders = ["asc", "desc"] as const;
export const dueKinds = ["none", "any"] as const;

export type TaskStatus = (typeof taskStatuses)[number];
export type TaskSort = (typeof taskSorts)[number];
export type SortOrder = (typeof sortOrders)[number];

/** The order a sort takes when none is given: newest, A to Z, soonest due, most important. */
export const defaultOrder = (sort: TaskSort): SortOrder =>
  sort === "title" || sort === "due" ? "asc" : "desc";

/** The words of a search as typed: `q` split at white space. */
export const searchWords = (q: string): string[] => q.split(/\s+/u).filter(Boolean);

/** What a search uses of `q` (R-K16): see `searchTerms`. */
export interface SearchTerms {
  words: string[];
  /** Their foldings (`foldText`), looked for in the folded text. */
  keys: string[];
  ignored: string[];
}

/** The words a search uses (R-K16): folded, distinct, the first SEARCH_WORDS_MAX; the rest `ignored`. */
export function searchTerms(q: string): SearchTerms {
  const terms: SearchTerms = { words: [], keys: [], ignored: [] };
  const ignoredKeys = new Set<string>();
  for (const word of searchWords(q.normalize("NFC"))) {
    const key = foldText(word);
    if (terms.keys.includes(key) || ignoredKeys.has(key)) continue;
    if (terms.keys.length < SEARCH_WORDS_MAX) {
      terms.words.push(word);
      terms.keys.push(key);
    } else {
      ignoredKeys.add(key);
      terms.ignored.push(word);
    }
  }
  return terms;
}

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

const overlongWord = (q: string) =>
  searchWords(q).find((word) => characterCount(word) > SEARCH_WORD_MAX_LENGTH);

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
  .pipe(textField({ label: "Search", min: 1, max: SEARCH_MAX_LENGTH, nfc: true }))
  .refine((q) => overlongWord(q) === undefined, {
    error: `Search words must be at most ${SEARCH_WORD_MAX_LENGTH} characters each`,
  });

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

export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;
export type ListTasksParams = z.input<typeof listTasksQuerySchema>;
export type CountTasksQuery = z.infer<typeof countTasksQuerySchema>;
export type CountTasksParams = z.input<typeof countTasksQuerySchema>;
/** The filters of a list or counts request, as validated. */
export type TaskFilters = CountTasksQuery;
