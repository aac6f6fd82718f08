/** The list's filters (R-K16) as SQL with placeholders: one statement per shape of request. */
import { foldText, searchTerms, type TaskFilters, type TaskSort } from "@tasks/contracts";
import { schema } from "@tasks/db";
import { eq, type SQL, sql } from "drizzle-orm";

const { task } = schema;

const FIRST_DATE = "0001-01-01";
const LAST_DATE = "9999-12-31";

/** Title and description folded, on separate lines: the expression of task_user_search_idx. */
export const searchedText = sql`(${task.titleKey} || E'\\n' || coalesce(${task.descriptionKey}, ''))`;

/** The folded words a search looks for, without those another contains (one condition each). */
export function searchKeys(q: string | undefined): string[] {
  if (q === undefined) return [];
  const { keys } = searchTerms(q);
  return keys.filter((key, i) => !keys.some((other, j) => j !== i && other.includes(key)));
}

/** The due-date key each direction of the `due` order sorts by: undated tasks last. */
export const dueKey = {
  asc: sql`coalesce(${task.dueDate}, 'infinity'::date)`,
  desc: sql`coalesce(${task.dueDate}, '-infinity'::date)`,
} as const;

/** Which conditions a request's filters need (their values go in as parameters). */
export function filterShape(filters: TaskFilters) {
  const hasRange = filters.dueFrom !== undefined || filters.dueTo !== undefined;
  return {
    status: filters.status,
    words: searchKeys(filters.q).length,
    tag: filters.tag !== undefined,
    priority: filters.priority !== undefined,
    undated: filters.due === "none",
    dated: filters.due === "any" || hasRange,
  };
}

/** `%` and `_` (and the escape character itself) match only themselves (R-K16). */
const likeLiteral = (word: string) => `%${word.replace(/[\\%_]/g, "\\$&")}%`;

/** The values of the placeholders the conditions use. */
export function filterValues(filters: TaskFilters) {
  const values: Record<string, string> = {};
  for (const [index, key] of searchKeys(filters.q).entries()) {
    values[`q${index}`] = likeLiteral(key);
  }
  if (filters.tag !== undefined) values.tag = foldText(filters.tag);
  if (filters.priority !== undefined) values.priority = filters.priority;
  values.dueFrom = filters.dueFrom ?? FIRST_DATE;
  values.dueTo = filters.dueTo ?? LAST_DATE;
  return values;
}

export type FilterShape = ReturnType<typeof filterShape>;

/** Conditions that narrow the order's range (status, priority, due dates). */
export function rangeConditions(shape: FilterShape, sort: TaskSort, order: "asc" | "desc") {
  const conditions: SQL[] = [];
  if (shape.status !== "all") conditions.push(eq(task.completed, shape.status === "completed"));
  if (shape.priority) {
    conditions.push(sql`${task.priority} = ${sql.placeholder("priority")}::task_priority`);
  }
  const due = sort === "due" ? dueKey[order] : task.dueDate;
  if (shape.undated) {
    const none = order === "asc" ? sql`'infinity'::date` : sql`'-infinity'::date`;
    conditions.push(sort === "due" ? sql`${due} = ${none}` : sql`${task.dueDate} is null`);
  }
  if (shape.dated) {
    conditions.push(
      sql`${due} between ${sql.placeholder("dueFrom")}::date and ${sql.placeholder("dueTo")}::date`,
    );
  }
  return conditions;
}

/** Conditions on folded text (`q`, `tag`): in `searchedText`, or per column with `rowByRow`. */
export function matchConditions(shape: FilterShape, rowByRow = false) {
  const conditions: SQL[] = [];
  for (let index = 0; index < shape.words; index++) {
    const word = sql.placeholder(`q${index}`);
    conditions.push(
      rowByRow
        ? sql`(${task.titleKey} like ${word} or ${task.descriptionKey} like ${word})`
        : sql`${searchedText} like ${word}`,
    );
  }
  if (shape.tag) {
    // tag_keys: the foldings of the task's tag names, written with them (R-A11).
    conditions.push(sql`${task.tagKeys} @> array[${sql.placeholder("tag")}::text]`);
  }
  return conditions;
}

/** Every condition of a shape. */
export const filterConditions = (shape: FilterShape, sort: TaskSort, order: "asc" | "desc") => [
  ...rangeConditions(shape, sort, order),
  ...matchConditions(shape),
];
