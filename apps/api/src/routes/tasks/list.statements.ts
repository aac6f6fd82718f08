/**
 * The list's statements (R-K9, R-K16), one per shape of request, built once with
 * placeholders (decision 012); a search or a tag also has a bounded walk (decision 029).
 */
import type { SortOrder, TaskSort } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
import { and, asc, desc, eq, sql } from "drizzle-orm";
import { taskFields } from "./fields.ts";
import { dueKey, type FilterShape, matchConditions, rangeConditions } from "./filters.ts";

const { task } = schema;

export interface ListShape extends FilterShape {
  sort: TaskSort;
  order: SortOrder;
  paged: boolean;
}

/** The keys of an order, most significant first; the id last makes every position unique. */
function sortKeys(sort: TaskSort, order: SortOrder) {
  if (sort === "due") return { keys: [dueKey[order], task.createdAt], type: sql`date` };
  if (sort === "priority")
    return { keys: [task.priority, task.createdAt], type: sql`task_priority` };
  const column = { created: task.createdAt, updated: task.updatedAt, title: task.title }[sort];
  return { keys: [column], type: sort === "title" ? sql`text` : sql`timestamptz` };
}

/** The person, the range filters and the page's position: what bounds the index range. */
function rangeOf(shape: ListShape) {
  const { keys, type } = sortKeys(shape.sort, shape.order);
  const direction = shape.order === "asc" ? asc : desc;
  const conditions = [
    eq(task.userId, sql.placeholder("userId")),
    ...rangeConditions(shape, shape.sort, shape.order),
  ];
  if (shape.paged) {
    const comparison = shape.order === "asc" ? sql`>` : sql`<`;
    const position = [sql`${sql.placeholder("afterValue")}::${type}`];
    if (keys.length > 1) position.push(sql`${sql.placeholder("afterCreated")}::timestamptz`);
    position.push(sql`${sql.placeholder("afterId")}::uuid`);
    conditions.push(
      sql`(${sql.join([...keys, task.id], sql`, `)}) ${comparison} (${sql.join(position, sql`, `)})`,
    );
  }
  return { keys, order: [...keys, task.id].map((key) => direction(key)), conditions };
}

/** The page: the first `limit` rows of the range that pass every filter. */
function buildExactQuery(db: Database, shape: ListShape, name: string) {
  const range = rangeOf(shape);
  return db
    .select(taskFields)
    .from(task)
    .where(and(...range.conditions, ...matchConditions(shape)))
    .orderBy(...range.order)
    .limit(sql.placeholder("limit"))
    .prepare(name);
}

/** The same page, looked for only in the next `scan` tasks of the order's index. */
function buildBoundedQuery(db: Database, shape: ListShape, name: string) {
  const range = rangeOf(shape);
  const next = db
    .select()
    .from(task)
    .where(and(...range.conditions))
    .orderBy(...range.order)
    .limit(sql.placeholder("scan"))
    .as("task");
  return db
    .select(taskFields)
    .from(next)
    .where(and(...matchConditions(shape, true)))
    .orderBy(...range.order)
    .limit(sql.placeholder("limit"))
    .prepare(name);
}

export type ListQuery = ReturnType<typeof buildExactQuery>;

export interface ListQueries {
  exact: ListQuery;
  /** For a search or a tag: the bounded walk, tried first. */
  bounded?: ListQuery;
}

/** Statements kept per database; shapes with a search multiply, so the cache is bounded. */
const kept = new WeakMap<Database, Map<string, ListQueries>>();
const KEPT_SHAPES = 2_000;

/** The statements of `shape`, named (PostgreSQL plans each once per connection) if `named`. */
export function listQueriesFor(db: Database, shape: ListShape, named: boolean): ListQueries {
  let queries = kept.get(db);
  if (!queries) {
    queries = new Map();
    kept.set(db, queries);
  }
  const { sort, order, status, paged, words, tag: byTag, priority, undated, dated } = shape;
  const narrowed = `${priority ? "p" : ""}${undated ? "u" : ""}${dated ? "d" : ""}${byTag ? "t" : ""}`;
  const name = `tasks_list_${sort}_${order}_${status}_${paged ? "next" : "first"}${narrowed ? `_${narrowed}` : ""}${words ? `_q${words}` : ""}`;
  const matching = words > 0 || byTag;
  const key = named ? name : `${name} (unnamed)`;
  let found = queries.get(key);
  if (!found) {
    if (queries.size >= KEPT_SHAPES) queries.delete(queries.keys().next().value as string);
    // The exact statement of a search or a tag is planned for its values each time
    // (decision 020): the planner picks between walking the index and reading the matches.
    found = {
      exact: buildExactQuery(db, shape, named && !matching ? name : ""),
      bounded: matching ? buildBoundedQuery(db, shape, named ? `${name}_bounded` : "") : undefined,
    };
    queries.set(key, found);
  }
  return found;
}
