/** Task data functions: the verified user id is in every WHERE clause, so ownership is the query. */
import { type CreateTaskInput, foldText, type Task, type UpdateTaskInput } from "@tasks/contracts";
import { type Executor, schema } from "@tasks/db";
import { and, eq, inArray, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { type OwnedTask, taskFields } from "./fields.ts";
import { linkTags, resolveTags } from "./tag-writes.ts";

const { task } = schema;

/** What a conditional write found (R-K17). */
export type WriteResult =
  | { outcome: "written"; task: Task }
  | { outcome: "not-found" }
  | { outcome: "changed"; version: number };

/** `expected`: the versions `If-Match` accepts; undefined without a condition. */
export interface Condition {
  expected?: number[];
}

const owns = ({ userId, id }: OwnedTask) => and(eq(task.id, id), eq(task.userId, userId));
const matches = ({ expected }: Condition) =>
  expected === undefined
    ? undefined
    : expected.length
      ? inArray(task.version, expected)
      : sql`false`;

async function explainMiss(db: Executor, target: OwnedTask): Promise<WriteResult> {
  const [row] = await db.select({ version: task.version }).from(task).where(owns(target));
  return row ? { outcome: "changed", version: row.version } : { outcome: "not-found" };
}

const written = (row: Task | undefined) =>
  row ? ({ outcome: "written", task: row } as const) : undefined;

/** The caller's task with this id, or undefined (also when it is someone else's). */
export async function findTask(db: Executor, target: OwnedTask): Promise<Task | undefined> {
  const rows = await db.select(taskFields).from(task).where(owns(target));
  return rows[0];
}

export type NewTask = CreateTaskInput & { userId: VerifiedUserId };

/** The folded copies (R-A11) of the text fields given, which searches compare. */
export function foldedFields(fields: {
  title?: string;
  description?: string | null;
  tags?: string[];
}) {
  const { title, description, tags } = fields;
  return {
    ...(title === undefined ? {} : { titleKey: foldText(title) }),
    ...(description === undefined
      ? {}
      : { descriptionKey: description === null ? null : foldText(description) }),
    ...(tags === undefined ? {} : { tagKeys: tags.map(foldText) }),
  };
}

/** One statement; with tags, a transaction (a savepoint inside another) that links them. */
export async function createTask(db: Executor, input: NewTask): Promise<Task> {
  // Fields not given take the column's default.
  const { tags: tagNames = [], ...values } = input;
  if (tagNames.length === 0) {
    const [row] = await db
      .insert(task)
      .values({ ...values, ...foldedFields({ ...values, tags: [] }) })
      .returning(taskFields);
    return row as Task;
  }
  return db.transaction(async (tx) => {
    const tags = await resolveTags(tx, values.userId, tagNames);
    const [row] = await tx
      .insert(task)
      .values({ ...values, tags: tags.names, ...foldedFields({ ...values, tags: tags.names }) })
      .returning(taskFields);
    const created = row as Task;
    await linkTags(tx, values.userId, created.id, tags.ids);
    return created;
  });
}

export type TaskChanges = UpdateTaskInput & OwnedTask & Condition;

/** Changes the fields given, and the version: one statement, or with tags a transaction. */
export async function updateTask(db: Executor, changes: TaskChanges): Promise<WriteResult> {
  const { userId, id, expected, tags: tagNames, ...fields } = changes;
  const target = { userId, id };
  const set = {
    ...fields,
    ...foldedFields(fields),
    updatedAt: sql`now()`,
    version: sql`${task.version} + 1`,
  };
  if (tagNames === undefined) {
    const [row] = await db
      .update(task)
      .set(set)
      .where(and(owns(target), matches({ expected })))
      .returning(taskFields);
    return written(row) ?? explainMiss(db, target);
  }
  return db.transaction(async (tx) => {
    // Decided first, on the locked row, so a refused write creates no tag either.
    const [current] = await tx
      .select({ version: task.version })
      .from(task)
      .where(owns(target))
      .for("update");
    if (!current) return { outcome: "not-found" } as const;
    if (expected !== undefined && !expected.includes(current.version)) {
      return { outcome: "changed", version: current.version } as const;
    }
    const tags = await resolveTags(tx, userId, tagNames);
    const [row] = await tx
      .update(task)
      .set({ ...set, tags: tags.names, ...foldedFields({ tags: tags.names }) })
      .where(owns(target))
      .returning(taskFields);
    await linkTags(tx, userId, id, tags.ids);
    return { outcome: "written", task: row as Task } as const;
  });
}

/** Sets `completed` to the given value, or flips it when none is given, in one statement. */
export async function setTaskCompletion(
  db: Executor,
  { userId, id, completed, expected }: OwnedTask & Condition & { completed?: boolean },
): Promise<WriteResult> {
  const [row] = await db
    .update(task)
    .set({
      completed: completed ?? sql`not ${task.completed}`,
      updatedAt: sql`now()`,
      version: sql`${task.version} + 1`,
    })
    .where(and(owns({ userId, id }), matches({ expected })))
    .returning(taskFields);
  return written(row) ?? explainMiss(db, { userId, id });
}

/** Deletes the caller's task, if `If-Match` allows: "deleted", or why not (404 or 412). */
export async function deleteTask(
  db: Executor,
  { userId, id, expected }: OwnedTask & Condition,
): Promise<WriteResult | { outcome: "deleted" }> {
  const rows = await db
    .delete(task)
    .where(and(owns({ userId, id }), matches({ expected })))
    .returning({ id: task.id });
  return rows.length > 0 ? { outcome: "deleted" } : explainMiss(db, { userId, id });
}
