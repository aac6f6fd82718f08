import { describe, expect, it } from "vitest";
import { describeError } from "./logger.ts";

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
