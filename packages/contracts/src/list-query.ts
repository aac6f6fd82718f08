/**
 * What the list (R-K9, R-K16) and the counts take in the query string: filters that
 * combine with AND, a sort, and keyset paging. Every parameter is a single string.
 */
import { z } from "zod";
import { calendarDateSchema, tagNameSchema, taskPriorities } from "./planning.ts";
import { textField } from "./text.ts";

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 100;
export const SEARCH_MAX_LENGTH = 200;

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

/** The words of a search: what `q` matches, each word in the title or the description. */
export const searchWords = (q: string): string[] => q.split(/\s+/u).filter(Boolean);

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

/** The filters, shared by the list and the counts. */
const filters = {
  status: z
    .enum(taskStatuses, { error: "Status must be all, pending or completed" })
    .default("all")
    .meta({ description: "Which tasks: all, only pending, or only completed ones." }),
  q: z
    .string({ error: "Search must be a string" })
    .trim()
    .pipe(textField({ label: "Search", min: 1, max: SEARCH_MAX_LENGTH }))
    .optional()
    .meta({
      minLength: 1,
      maxLength: SEARCH_MAX_LENGTH,
      description:
        "Words, each found in the title or the description, ignoring letter case; `%` and `_` are plain characters.",
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
    // Parsed from the query string's text; described as the integer it must be.
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
