/**
 * The list (SPEC R-K9, R-K16) and the counts. One statement per shape of request (sort,
 * order, filters, first page or not), built once by drizzle with placeholders for the
 * values (decision 012). Every order is an index starting with the person, so a page is
 * a range scan; a search or a tag may instead be served from its own index of the
 * person's matches, when the planner finds that cheaper (decision 020).
 */
import type { SortOrder, Task, TaskCounts, TaskFilters, TaskSort } from "@tasks/contracts";
import { type Database, schema, withStatementNames } from "@tasks/db";
import { and, asc, desc, eq, fillPlaceholders, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../auth/verified-user.ts";
import type { ListPosition } from "./cursor.ts";
import { taskFields } from "./fields.ts";
import {
  dueKey,
  type FilterShape,
  filterConditions,
  filterShape,
  filterValues,
} from "./filters.ts";

const { task } = schema;

export interface ListTasksOptions {
  userId: VerifiedUserId;
  filters: TaskFilters;
  sort: TaskSort;
  order: SortOrder;
  limit: number;
  after?: ListPosition;
}

interface ListShape extends FilterShape {
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

function buildListQuery(db: Database, shape: ListShape, name: string) {
  const { keys, type } = sortKeys(shape.sort, shape.order);
  const direction = shape.order === "asc" ? asc : desc;
  const conditions = [
    eq(task.userId, sql.placeholder("userId")),
    ...filterConditions(shape, shape.sort, shape.order),
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
  return db
    .select(taskFields)
    .from(task)
    .where(and(...conditions))
    .orderBy(...[...keys, task.id].map((key) => direction(key)))
    .limit(sql.placeholder("limit"))
    .prepare(name);
}

type ListQuery = ReturnType<typeof buildListQuery>;

/** Statements kept per database; shapes with a search multiply, so the cache is bounded. */
const listQueries = new WeakMap<Database, Map<string, ListQuery>>();
const KEPT_SHAPES = 2_000;

function listQuery(db: Database, shape: ListShape, named: boolean): ListQuery {
  let queries = listQueries.get(db);
  if (!queries) {
    queries = new Map();
    listQueries.set(db, queries);
  }
  const { sort, order, status, paged, words, tag: byTag, priority, undated, dated } = shape;
  const narrowed = `${priority ? "p" : ""}${undated ? "u" : ""}${dated ? "d" : ""}${byTag ? "t" : ""}`;
  const name = `tasks_list_${sort}_${order}_${status}_${paged ? "next" : "first"}${narrowed ? `_${narrowed}` : ""}${words ? `_q${words}` : ""}`;
  // A search or a tag filter is planned for its values each time (decision 020): the
  // planner picks between walking the order's index and reading the few matches.
  const useName = named && words === 0 && !byTag;
  const key = useName ? name : `${name} (unnamed)`;
  let query = queries.get(key);
  if (!query) {
    if (queries.size >= KEPT_SHAPES) queries.delete(queries.keys().next().value as string);
    query = buildListQuery(db, shape, useName ? name : "");
    queries.set(key, query);
  }
  return query;
}

/** The statement for a list request and the values of its placeholders. */
function listExecution(db: Database, options: ListTasksOptions, named: boolean) {
  const { sort, order, filters, after } = options;
  const shape: ListShape = { ...filterShape(filters), sort, order, paged: after !== undefined };
  const values = {
    ...filterValues(filters),
    userId: options.userId,
    limit: options.limit + 1,
    afterValue: after?.value,
    afterCreated: after?.created,
    afterId: after?.id,
  };
  return { query: listQuery(db, shape, named), values };
}

/** One page, in the order's key order; `limit + 1` rows are read to know whether more follow. */
export async function listTasks(db: Database, options: ListTasksOptions): Promise<Task[]> {
  return withStatementNames(db, (named) => {
    const { query, values } = listExecution(db, options, named);
    return query.execute(values);
  });
}

/** The SQL text and parameters `listTasks` runs for `options` (for EXPLAIN in the plan test). */
export function listStatement(db: Database, options: ListTasksOptions) {
  const { query, values } = listExecution(db, options, false);
  const { sql: text, params } = query.getQuery();
  return { text, values: fillPlaceholders(params, values) };
}

/** How many of the person's tasks pass the filters, in all and by status. */
export async function countTasks(
  db: Database,
  userId: VerifiedUserId,
  filters: TaskFilters,
): Promise<TaskCounts> {
  const conditions = filterConditions(filterShape(filters), "created", "asc");
  const rows = await db
    .select({
      all: sql<number>`count(*)::int`,
      completed: sql<number>`(count(*) filter (where ${task.completed}))::int`,
    })
    .from(task)
    .where(and(eq(task.userId, sql.placeholder("userId")), ...conditions))
    .prepare("")
    .execute({ ...filterValues(filters), userId });
  const { all = 0, completed = 0 } = rows[0] ?? {};
  return { all, completed, pending: all - completed };
}
