import { describe, expect, it } from "vitest";
import { readTaskForm } from "./task-fields.tsx";

const form = (fields: Record<string, string>) => {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) data.set(name, value);
  return data;
};

describe("a task form, checked by the API's schema loaded on submit", () => {
  it("reads the values as the API stores them", async () => {
    const read = await readTaskForm(
      form({ title: "  Cafe\u0301 ", dueDate: "2027-02-28", priority: "high", tags: " a, b ,," }),
    );
    expect(read).toEqual({
      values: {
        title: "Café",
        description: null,
        dueDate: "2027-02-28",
        priority: "high",
        tags: ["a", "b"],
      },
    });
  });

  it("gives the API's messages, the first for each field", async () => {
    const read = await readTaskForm(
      form({ title: " ", description: "\u0000", dueDate: "2027-02-30", tags: "a;b, A, a" }),
    );
    expect(read.errors).toEqual({
      title: "Title is required",
      description: "Description must not contain control characters other than newline and tab",
      dueDate: "Due date must be a real date as YYYY-MM-DD",
      tags: "Tag must not contain ;",
    });
  });
});
