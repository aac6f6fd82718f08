import { describe, expect, it } from "vitest";
import {
  createTaskSchema,
  isCalendarDate,
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

  it("keeps one-line fields on one line, and a title or tag of nothing visible is empty", () => {
    const problem = (input: object) => {
      const result = createTaskSchema.safeParse(input);
      return result.success ? undefined : toFieldErrors(result.error)[0];
    };
    for (const separator of ["\u2028", "\u2029"]) {
      expect(problem({ title: `a${separator}b` })).toEqual({
        field: "title",
        message: "Title must be on one line",
      });
      expect(problem({ title: "a", tags: [`x${separator}y`] })?.field).toBe("tags.0");
      expect(problem({ title: "a", description: `one${separator}two` })).toBeUndefined();
    }
    for (const invisible of ["\u200b", "\u2060", "\ufeff", " \u200b\u200d ", "\u3000\u180e"]) {
      expect(problem({ title: invisible })).toEqual({
        field: "title",
        message: "Title is required",
      });
      expect(problem({ title: "a", tags: [invisible] })).toEqual({
        field: "tags.0",
        message: "Tag is required",
      });
    }
    // Joiners and marks inside visible text stay: they are how some scripts and emoji are written.
    for (const title of ["👩🏽\u200d💻", "क्\u200dष", "e\u0301", "\u202eabc"]) {
      expect(problem({ title }), title).toBeUndefined();
    }
  });

  it("needs at least one field to update", () => {
    expect(updateTaskSchema.safeParse({}).success).toBe(false);
    expect(updateTaskSchema.safeParse({ completed: false }).success).toBe(true);
  });
});

describe("isCalendarDate", () => {
  it("takes real dates from 0001 to 9999, leap years as the proleptic Gregorian calendar has them", () => {
    const real = [
      "0001-01-01",
      "0004-02-29",
      "0400-02-29",
      "2000-02-29",
      "2024-02-29",
      "9999-12-31",
    ];
    const unreal = [
      "0000-01-01",
      "0000-02-29",
      "0100-02-29",
      "1900-02-29",
      "2023-02-29",
      "2023-04-31",
    ];
    const malformed = [
      "2024-13-01",
      "2024-00-10",
      "2024-1-01",
      "+2024-01-01",
      "2024-01-01\n",
      "２０２４-01-01",
    ];
    expect(real.filter((text) => !isCalendarDate(text))).toEqual([]);
    expect([...unreal, ...malformed].filter(isCalendarDate)).toEqual([]);
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
