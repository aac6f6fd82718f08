/** The SQLSTATE → problem mapping, with errors the database really raises. */
import { createPool } from "@tasks/db";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { Hono } from "hono";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { captureLogs } from "../testing/log-capture.ts";
import type { AppEnv } from "./env.ts";
import { createErrorHandler, databaseRefusal } from "./error-handler.ts";
import { ApiError } from "./problem.ts";

let database: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase();
  pool = createPool(database.url, { max: 1 });
  await pool.query(`insert into "user" (id, name, email) values ('u1', 'U', 'u1@example.test')`);
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

/** The error `sql` fails with. */
async function failure(sql: string, target: pg.Pool = pool): Promise<unknown> {
  return target.query(sql).then(
    () => expect.fail(`${sql} succeeded`),
    (error: unknown) => error,
  );
}

/** Answers every request by throwing `error`, through the error handler. */
function answer(error: unknown) {
  const logs = captureLogs();
  const app = new Hono<AppEnv>();
  app.get("/", () => {
    throw error;
  });
  app.onError(createErrorHandler(logs.logger));
  return { response: app.request("/"), logs };
}

describe("databaseRefusal", () => {
  it("maps a foreign-key miss on the user (23503) to 401, as a token for a deleted account", async () => {
    const refused = databaseRefusal(
      await failure(`insert into task (user_id, title) values ('gone', 'x')`),
    );
    expect(refused?.code).toBe("unauthorized");
    expect(refused?.headers?.["www-authenticate"]).toMatch(/^Bearer .*invalid_token/);
  });

  it("maps data exceptions (class 22) and check violations (23514) to 400", async () => {
    for (const sql of [
      `select 'not a number'::int`,
      `select 'not-a-uuid'::uuid`,
      `insert into task (user_id, title) values ('u1', '')`,
    ]) {
      expect(databaseRefusal(await failure(sql))?.code, sql).toBe("validation");
    }
  });

  it("leaves anything else to be a failure of ours", async () => {
    expect(databaseRefusal(await failure("select * from no_such_table"))).toBeUndefined();
    expect(databaseRefusal(new Error("boom"))).toBeUndefined();
  });
});

describe("createErrorHandler", () => {
  it("answers an ApiError as its own problem, logging nothing", async () => {
    const { response, logs } = answer(new ApiError("not-found", "Nothing here."));
    const answered = await response;
    expect(answered.status).toBe(404);
    expect(answered.headers.get("content-type")).toBe("application/problem+json");
    expect(await answered.json()).toMatchObject({ status: 404, detail: "Nothing here." });
    expect(logs.lines).toEqual([]);
  });

  it("answers 503 with Retry-After when the database cannot be reached, and logs it", async () => {
    const unreachable = createPool("postgres://postgres@127.0.0.1:1/none", { max: 1 });
    const error = await failure("select 1", unreachable);
    await unreachable.end();
    const { response, logs } = answer(error);
    const answered = await response;
    expect(answered.status).toBe(503);
    expect(answered.headers.get("retry-after")).toBe("5");
    expect(logs.errors()).toEqual([expect.objectContaining({ msg: "database unavailable" })]);
  });

  it("answers a refusal by its mapping, logging nothing", async () => {
    const { response, logs } = answer(await failure(`select 'x'::int`));
    const answered = await response;
    expect(answered.status).toBe(400);
    expect(await answered.json()).toMatchObject({
      detail: "The input was refused by the database.",
    });
    expect(logs.lines).toEqual([]);
  });

  it("answers anything else 500 without its cause, and logs the cause", async () => {
    const { response, logs } = answer(await failure("select * from no_such_table"));
    const answered = await response;
    expect(answered.status).toBe(500);
    const text = await answered.text();
    expect(text).not.toContain("no_such_table");
    expect(JSON.parse(text)).toMatchObject({ title: "Internal server error" });
    expect(logs.errors()).toEqual([
      expect.objectContaining({
        msg: "unhandled error",
        err: expect.objectContaining({ code: "42P01" }),
      }),
    ]);
  });
});
