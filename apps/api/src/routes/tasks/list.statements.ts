/** The list's statements (R-K9, R-K16), one per request shape (decision 012); searches walk a bounded range first (decision 029). */
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
    // A search's exact statement is planned per values (decision 020).
    found = {
      exact: buildExactQuery(db, shape, named && !matching ? name : ""),
      bounded: matching ? buildBoundedQuery(db, shape, named ? `${name}_bounded` : "") : undefined,
    };
    queries.set(key, found);
  }
  return found;
}
