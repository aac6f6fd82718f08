/**
 * Task data functions. Every one takes the caller's verified user id and puts it in the
 * WHERE clause of its single statement: ownership is part of the query, never a check
 * after a fetch, so another person's task is simply not found.
 */
import type { SortOrder, Task, TaskCounts, TaskSort, TaskStatus } from "@tasks/contracts";
import { type Database, schema, withStatementNames } from "@tasks/db";
import { and, asc, desc, eq, type SQL, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../auth/verified-user.ts";
import type { ListPosition } from "./cursor.ts";

const { task } = schema;

interface Owned {
  userId: VerifiedUserId;
}

interface OwnedTask extends Owned {
  id: string;
}

export interface ListTasksOptions extends Owned {
  status: TaskStatus;
  sort: TaskSort;
  order: SortOrder;
  limit: number;
  after?: ListPosition;
}

/**
 * The columns a task is answered with, in the API's order. Rows read with them are already
 * the API's Task (timestamps come out of the driver as ISO 8601): no copy per row, and a
 * column added to the table later is not sent anywhere until it is named here.
 */
const taskFields = {
  id: task.id,
  userId: task.userId,
  title: task.title,
  description: task.description,
  completed: task.completed,
  createdAt: task.createdAt,
  updatedAt: task.updatedAt,
};

const sortColumns = {
  created: task.createdAt,
  updated: task.updatedAt,
  title: task.title,
} as const;

type ListShape = Pick<ListTasksOptions, "sort" | "order" | "status"> & { paged: boolean };

/**
 * The list statement for one shape of request (sort, order, status, first page or not),
 * with the user, the position and the limit as parameters. A `name` of "" prepares an
 * unnamed statement, parsed and planned again on every execution.
 */
function buildListQuery(db: Database, shape: ListShape, name: string) {
  const column = sortColumns[shape.sort];
  const direction = shape.order === "asc" ? asc : desc;
  const conditions: SQL[] = [eq(task.userId, sql.placeholder("userId"))];
  if (shape.status !== "all") conditions.push(eq(task.completed, shape.status === "completed"));
  if (shape.paged) {
    const type = shape.sort === "title" ? sql`text` : sql`timestamptz`;
    const comparison = shape.order === "asc" ? sql`>` : sql`<`;
    conditions.push(
      sql`(${column}, ${task.id}) ${comparison} (${sql.placeholder("afterValue")}::${type}, ${sql.placeholder("afterId")}::uuid)`,
    );
  }
  return db
    .select(taskFields)
    .from(task)
    .where(and(...conditions))
    .orderBy(direction(column), direction(task.id))
    .limit(sql.placeholder("limit"))
    .prepare(name);
}

type ListQuery = ReturnType<typeof buildListQuery>;
/**
 * Built once per shape (there are 36): drizzle does not rebuild the SQL for each request,
 * and, with named statements, PostgreSQL parses and plans it once per connection
 * (docs/benchmarks.md).
 */
const listQueries = new WeakMap<Database, Map<string, ListQuery>>();

function listQuery(db: Database, shape: ListShape, named: boolean): ListQuery {
  let queries = listQueries.get(db);
  if (!queries) {
    queries = new Map();
    listQueries.set(db, queries);
  }
  const name = `tasks_list_${shape.sort}_${shape.order}_${shape.status}_${shape.paged ? "next" : "first"}`;
  const key = named ? name : `${name} (unnamed)`;
  let query = queries.get(key);
  if (!query) {
    query = buildListQuery(db, shape, named ? name : "");
    queries.set(key, query);
  }
  return query;
}

/** One page, in (sort value, id) order; `limit + 1` rows are read to know whether more follow. */
export async function listTasks(db: Database, options: ListTasksOptions): Promise<Task[]> {
  const { sort, order, status, after } = options;
  const shape = { sort, order, status, paged: after !== undefined };
  return withStatementNames(db, (named) =>
    listQuery(db, shape, named).execute({
      userId: options.userId,
      limit: options.limit + 1,
      afterValue: after?.value,
      afterId: after?.id,
    }),
  );
}

/** How many tasks the user has, in all and by status: one index-only pass. */
export async function countTasks(db: Database, { userId }: Owned): Promise<TaskCounts> {
  const rows = await db
    .select({
      all: sql<number>`count(*)::int`,
      completed: sql<number>`(count(*) filter (where ${task.completed}))::int`,
    })
    .from(task)
    .where(eq(task.userId, userId));
  const { all = 0, completed = 0 } = rows[0] ?? {};
  return { all, completed, pending: all - completed };
}

export async function findTask(db: Database, { userId, id }: OwnedTask): Promise<Task | undefined> {
  const rows = await db
    .select(taskFields)
    .from(task)
    .where(and(eq(task.id, id), eq(task.userId, userId)));
  return rows[0];
}

export interface NewTask extends Owned {
  title: string;
  description?: string | null;
  completed?: boolean;
}

export async function createTask(db: Database, input: NewTask): Promise<Task> {
  const rows = await db
    .insert(task)
    .values({
      userId: input.userId,
      title: input.title,
      description: input.description ?? null,
      completed: input.completed ?? false,
    })
    .returning(taskFields);
  return rows[0] as Task;
}

export interface TaskChanges extends OwnedTask {
  title?: string;
  description?: string | null;
  completed?: boolean;
}

export async function updateTask(db: Database, { userId, id, ...changes }: TaskChanges) {
  const rows = await db
    .update(task)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(and(eq(task.id, id), eq(task.userId, userId)))
    .returning(taskFields);
  return rows[0];
}

/** Sets `completed` to the given value, or flips it when none is given, in one statement. */
export async function setTaskCompletion(
  db: Database,
  { userId, id, completed }: OwnedTask & { completed?: boolean },
) {
  const rows = await db
    .update(task)
    .set({ completed: completed ?? sql`not ${task.completed}`, updatedAt: sql`now()` })
    .where(and(eq(task.id, id), eq(task.userId, userId)))
    .returning(taskFields);
  return rows[0];
}

export async function deleteTask(db: Database, { userId, id }: OwnedTask): Promise<boolean> {
  const rows = await db
    .delete(task)
    .where(and(eq(task.id, id), eq(task.userId, userId)))
    .returning({ id: task.id });
  return rows.length > 0;
}
