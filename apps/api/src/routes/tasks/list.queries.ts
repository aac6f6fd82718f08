/** The list (R-K9, R-K16) and the counts; statements in list.statements.ts (decision 029). */
import type { SortOrder, Task, TaskCounts, TaskFilters, TaskSort } from "@tasks/contracts";
import { type Database, schema, withStatementNames } from "@tasks/db";
import { and, eq, fillPlaceholders, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import type { ListPosition } from "./cursor.ts";
import { filterConditions, filterShape, filterValues } from "./filters.ts";
import { type ListShape, listQueriesFor } from "./list.statements.ts";

const { task } = schema;

export const BOUNDED_WALK_PAGES = 20;

export interface ListTasksOptions {
  userId: VerifiedUserId;
  filters: TaskFilters;
  sort: TaskSort;
  order: SortOrder;
  limit: number;
  after?: ListPosition;
}

function listExecution(db: Database, options: ListTasksOptions, named: boolean) {
  const { sort, order, filters, after } = options;
  const shape: ListShape = { ...filterShape(filters), sort, order, paged: after !== undefined };
  const values = {
    ...filterValues(filters),
    userId: options.userId,
    limit: options.limit + 1,
    scan: (options.limit + 1) * BOUNDED_WALK_PAGES,
    afterValue: after?.value,
    afterCreated: after?.created,
    afterId: after?.id,
  };
  return { queries: listQueriesFor(db, shape, named), values };
}

/** One page (`limit + 1` rows): the bounded walk's rows when they fill it, else the exact statement's. */
export async function listTasks(db: Database, options: ListTasksOptions): Promise<Task[]> {
  return withStatementNames(db, async (named) => {
    const { queries, values } = listExecution(db, options, named);
    if (queries.bounded) {
      const rows = await queries.bounded.execute(values);
      if (rows.length === values.limit) return rows;
    }
    return queries.exact.execute(values);
  });
}

/** The SQL `listTasks` runs for `options` (for EXPLAIN in the plan test). */
export function listStatement(db: Database, options: ListTasksOptions, bounded = false) {
  const { queries, values } = listExecution(db, options, false);
  const query = bounded ? queries.bounded : queries.exact;
  if (!query) throw new Error("Only a search or a tag has a bounded walk");
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
