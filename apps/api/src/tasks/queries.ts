/**
 * Task data functions. Every one takes the caller's verified user id and puts it in the
 * WHERE clause of its single statement: ownership is part of the query, never a check
 * after a fetch, so another person's task is simply not found.
 */
import type { SortOrder, Task, TaskCounts, TaskSort, TaskStatus } from "@tasks/contracts";
import { type Database, schema } from "@tasks/db";
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

type TaskRow = typeof task.$inferSelect;

export function toTask(row: TaskRow): Task {
  return {
    id: row.id,
    userId: row.userId,
    title: row.title,
    description: row.description,
    completed: row.completed,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const sortColumns = {
  created: task.createdAt,
  updated: task.updatedAt,
  title: task.title,
} as const;

/** One page, in (sort value, id) order; `limit + 1` rows are read to know whether more follow. */
export async function listTasks(db: Database, options: ListTasksOptions): Promise<TaskRow[]> {
  const column = sortColumns[options.sort];
  const direction = options.order === "asc" ? asc : desc;
  const conditions: SQL[] = [eq(task.userId, options.userId)];
  if (options.status !== "all") conditions.push(eq(task.completed, options.status === "completed"));
  if (options.after) {
    const value =
      options.sort === "title"
        ? sql`${options.after.value}::text`
        : sql`${options.after.value}::timestamptz`;
    const comparison = options.order === "asc" ? sql`>` : sql`<`;
    conditions.push(
      sql`(${column}, ${task.id}) ${comparison} (${value}, ${options.after.id}::uuid)`,
    );
  }
  return db
    .select()
    .from(task)
    .where(and(...conditions))
    .orderBy(direction(column), direction(task.id))
    .limit(options.limit + 1);
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

export async function findTask(
  db: Database,
  { userId, id }: OwnedTask,
): Promise<TaskRow | undefined> {
  const rows = await db
    .select()
    .from(task)
    .where(and(eq(task.id, id), eq(task.userId, userId)));
  return rows[0];
}

export interface NewTask extends Owned {
  title: string;
  description?: string | null;
  completed?: boolean;
}

export async function createTask(db: Database, input: NewTask): Promise<TaskRow> {
  const rows = await db
    .insert(task)
    .values({
      userId: input.userId,
      title: input.title,
      description: input.description ?? null,
      completed: input.completed ?? false,
    })
    .returning();
  return rows[0] as TaskRow;
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
    .returning();
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
    .returning();
  return rows[0];
}

export async function deleteTask(db: Database, { userId, id }: OwnedTask): Promise<boolean> {
  const rows = await db
    .delete(task)
    .where(and(eq(task.id, id), eq(task.userId, userId)))
    .returning({ id: task.id });
  return rows.length > 0;
}
