import { describe, expect, it } from "vitest";
import {
  createTaskSchema,
  listTasksQuerySchema,
  toFieldErrors,
  updateTaskSchema,
} from "./index.ts";
import { characterCount } from "./text.ts";

describe("task input", () => {
  it("trims titles and counts characters, not UTF-16 units", () => {
    expect(createTaskSchema.parse({ title: "  hi  " })).toEqual({ title: "hi" });
    expect(characterCount("👩🏽‍💻")).toBe(4);
    expect(createTaskSchema.safeParse({ title: "😀".repeat(200) }).success).toBe(true);
    expect(createTaskSchema.safeParse({ title: "😀".repeat(201) }).success).toBe(false);
  });

  it("names each unknown field", () => {
    const result = createTaskSchema.safeParse({ title: "a", userId: "x", extra: 1 });
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(toFieldErrors(result.error)).toEqual([
        { field: "userId", message: "Unknown field" },
        { field: "extra", message: "Unknown field" },
      ]);
    }
  });

  it("refuses text PostgreSQL could not store or UTF-8 could not carry", () => {
    expect(createTaskSchema.safeParse({ title: "a\u0000" }).success).toBe(false);
    expect(createTaskSchema.safeParse({ title: "a\udc00" }).success).toBe(false);
    expect(createTaskSchema.safeParse({ title: "a", description: "\u0000" }).success).toBe(false);
  });

  it("refuses control characters, but newline and tab in descriptions (SPEC R-A11)", () => {
    for (const control of ["\u0007", "\n", "\t", "\r", "\u007f", "\u0085", "\u001b[2J"]) {
      expect(createTaskSchema.safeParse({ title: `a${control}b` }).success, control).toBe(false);
    }
    for (const allowed of ["\n", "\t", "\r\n", "line one\nline two\n\tindented"]) {
      const result = createTaskSchema.safeParse({ title: "a", description: allowed });
      expect(result.success, JSON.stringify(allowed)).toBe(true);
    }
    for (const refused of ["\r", "a\rb", "\u0000", "\u0007", "\u000b", "\u000c", "\u0085"]) {
      const result = createTaskSchema.safeParse({ title: "a", description: refused });
      expect(result.success, JSON.stringify(refused)).toBe(false);
    }
  });

  it("needs at least one field to update", () => {
    expect(updateTaskSchema.safeParse({}).success).toBe(false);
    expect(updateTaskSchema.safeParse({ completed: false }).success).toBe(true);
  });
});

describe("list query", () => {
  it("defaults to all tasks, newest first, 50 a page", () => {
    expect(listTasksQuerySchema.parse({})).toEqual({ status: "all", sort: "created", limit: 50 });
  });

  it("reads the limit as a whole number within bounds", () => {
    expect(listTasksQuerySchema.parse({ limit: "100" }).limit).toBe(100);
    for (const limit of ["0", "101", "1e2", "0x10", " 5", "5.0"]) {
      expect(listTasksQuerySchema.safeParse({ limit }).success, limit).toBe(false);
    }
  });
});
