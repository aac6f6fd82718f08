import { describe, expect, it } from "vitest";
import { describeError, isDatabaseUnavailable } from "./errors.ts";

describe("describeError", () => {
  it("keeps the query but drops its parameters and PostgreSQL's detail", () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "x"'), {
      code: "23505",
      detail: "Key (email)=(ada@example.com) already exists.",
    });
    const error = new Error(
      'Failed query: insert into "task" values ($1)\nparams: my secret plan',
      { cause },
    );
    const described = describeError(error);
    expect(described.code).toBe("23505");
    expect(described.message).toContain('insert into "task"');
    expect(JSON.stringify(described)).not.toContain("my secret plan");
    expect(JSON.stringify(described)).not.toContain("ada@example.com");
  });
});

describe("isDatabaseUnavailable", () => {
  it("tells an unreachable database from a refused query", () => {
    expect(
      isDatabaseUnavailable(Object.assign(new Error("connect"), { code: "ECONNREFUSED" })),
    ).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error("x", { cause: new Error("Connection terminated unexpectedly") }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("dup"), { code: "23505" }))).toBe(false);
  });
});
