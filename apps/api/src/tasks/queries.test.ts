import { createDatabase, createPool, type Database, schema } from "@tasks/db";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifiedUserId } from "../auth/verified-user.ts";
import { listTasks } from "./list-queries.ts";
import { createTask, deleteTask, findTask, setTaskCompletion, updateTask } from "./queries.ts";

let database: TestDatabase;
let pool: pg.Pool;
let db: Database;
const alice = "alice" as VerifiedUserId;
const bob = "bob" as VerifiedUserId;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 2 });
  db = createDatabase(pool);
  await db.insert(schema.user).values([
    { id: alice, name: "Alice", email: "alice@example.test" },
    { id: bob, name: "Bob", email: "bob@example.test" },
  ]);
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

describe("task data functions", () => {
  it("scope every read and write to the given user", async () => {
    const task = await createTask(db, { userId: alice, title: "Alice's" });
    expect(await findTask(db, { userId: bob, id: task.id })).toBeUndefined();
    const missing = { outcome: "not-found" };
    expect(await updateTask(db, { userId: bob, id: task.id, title: "Bob's now" })).toEqual(missing);
    expect(
      await updateTask(db, { userId: bob, id: task.id, tags: ["Bob's"], expected: [1] }),
    ).toEqual(missing);
    expect(await setTaskCompletion(db, { userId: bob, id: task.id })).toEqual(missing);
    expect(await deleteTask(db, { userId: bob, id: task.id })).toEqual(missing);
    const bobsList = await listTasks(db, {
      userId: bob,
      filters: { status: "all" },
      sort: "created",
      order: "desc",
      limit: 10,
    });
    expect(bobsList).toEqual([]);
    expect(await findTask(db, { userId: alice, id: task.id })).toMatchObject({
      title: "Alice's",
      completed: false,
    });
  });

  it("accept only a verified user id", () => {
    const fromPath: string = "alice";
    const attempt = () =>
      // @ts-expect-error a plain string is not a VerifiedUserId: only the token verifier makes one.
      findTask(db, { userId: fromPath, id: "00000000-0000-4000-8000-000000000000" });
    expect(typeof attempt).toBe("function");
  });
});
