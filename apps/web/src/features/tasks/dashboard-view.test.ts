import { searchSchema, tagNameSchema } from "@tasks/contracts";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Task } from "./api-client.ts";
import {
  addDays,
  dashboardHref,
  isOverdue,
  listParams,
  matchesFilters,
  readDashboardState,
  viewFilters,
} from "./dashboard-view.ts";
import { taskWith } from "./task-fixture.ts";

const task = taskWith;

describe("the dashboard's URL", () => {
  it("reads view, q, tag and sort, and falls back to the defaults for anything else", () => {
    expect(
      readDashboardState(new URLSearchParams("status=overdue&q=+rent+&tag=Home&sort=due")),
    ).toEqual({ view: "overdue", q: "rent", tag: "Home", sort: "due" });
    expect(
      readDashboardState({ status: ["today", "all"], sort: "nonsense", q: undefined }),
    ).toEqual({
      view: "today",
      q: "",
      tag: "",
      sort: "created",
    });
  });

  it("writes back what it reads, leaving defaults out", () => {
    expect(dashboardHref(readDashboardState({}))).toBe("/dashboard");
    fc.assert(
      fc.property(
        fc.constantFrom("all", "pending", "today", "upcoming", "overdue", "completed"),
        fc.string(),
        fc.string(),
        fc.constantFrom("created", "due", "priority", "title", "updated"),
        (view, q, tag, sort) => {
          const state = readDashboardState({ status: view, q, tag, sort });
          const href = dashboardHref(state);
          expect(href.startsWith("/dashboard")).toBe(true);
          expect(readDashboardState(new URL(href, "http://x").searchParams)).toEqual(state);
        },
      ),
    );
  });
});

describe("dates", () => {
  it("moves across month, year and leap days", () => {
    expect(addDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addDays("2028-02-28", 1)).toBe("2028-02-29");
    expect(addDays("2026-12-31", 1)).toBe("2027-01-01");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("views", () => {
  const today = "2026-03-10";
  const cases: [Partial<Task>, string[]][] = [
    [{ dueDate: "2026-03-09" }, ["all", "pending", "overdue"]],
    [{ dueDate: "2026-03-10" }, ["all", "pending", "today"]],
    [{ dueDate: "2026-03-11" }, ["all", "pending", "upcoming"]],
    [{ dueDate: "2026-03-17" }, ["all", "pending", "upcoming"]],
    [{ dueDate: "2026-03-18" }, ["all", "pending"]],
    [{ dueDate: null }, ["all", "pending"]],
    [{ dueDate: "2026-03-09", completed: true }, ["all", "completed"]],
  ];
  it.each(cases)("place a task %j in %j", (fields, expected) => {
    const views = ["all", "pending", "today", "upcoming", "overdue", "completed"] as const;
    const holding = views.filter((view) => matchesFilters(task(fields), viewFilters(view, today)));
    expect(holding).toEqual(expected);
    expect(isOverdue(task(fields), today)).toBe(expected.includes("overdue"));
  });

  it("combine with search and tag as the API does: words anywhere, letter case ignored", () => {
    const params = listParams({ view: "all", q: "RENT 50%", tag: "home", sort: "due" }, today);
    expect(params).toMatchObject({ status: "all", q: "RENT 50%", tag: "home", sort: "due" });
    const matching = task({ description: "Pay 50% of the rent", tags: ["Home"] });
    expect(matchesFilters(matching, params)).toBe(true);
    expect(matchesFilters({ ...matching, tags: ["Work"] }, params)).toBe(false);
    expect(matchesFilters({ ...matching, description: "Pay 50 of the rent" }, params)).toBe(false);
  });
});

describe("text compared as the API compares it (SPEC R-A11, R-K16)", () => {
  const holds = (fields: Partial<Task>, filters: { q?: string; tag?: string }) =>
    matchesFilters(task(fields), { status: "all", ...filters });

  it("folds case as Unicode does, in NFC, for words and tags alike", () => {
    expect(holds({ title: "ΟΔΟΣ ΑΘΗΝΑΣ" }, { q: "οδοσ αθηνας" })).toBe(true);
    expect(holds({ title: "Große Straße" }, { q: "GROSSE STRASSE" })).toBe(true);
    expect(holds({ title: "Cafe\u0301" }, { q: "CAFÉ" })).toBe(true);
    expect(holds({ title: "\u212Aelvin" }, { q: "kelvin" })).toBe(true);
    expect(holds({ title: "İstanbul" }, { q: "istanbul" })).toBe(false);
    expect(holds({ tags: ["Straße"] }, { tag: "STRASSE" })).toBe(true);
    expect(holds({ tags: ["οδος"] }, { tag: "ΟΔΟΣ" })).toBe(true);
    expect(holds({ tags: ["İstanbul"] }, { tag: "istanbul" })).toBe(false);
  });

  it("uses the first 10 distinct words of a search, as the API does", () => {
    const words = "a b c d e f g h i j k";
    expect(holds({ title: "abcdefghij" }, { q: words })).toBe(true);
    expect(holds({ title: "abcdefghi" }, { q: words })).toBe(false);
    expect(readDashboardState({ q: "w".repeat(101) }).q).toBe("");
  });
});

describe("a search or tag the API would refuse", () => {
  it("is dropped from the state, so the page asks for nothing it cannot have", () => {
    const long = "x".repeat(201);
    for (const [q, tag] of [
      [long, "a;b"],
      ["bad\u0000text", "x".repeat(33)],
      ["   ", "   "],
    ]) {
      expect(readDashboardState({ q, tag })).toMatchObject({ q: "", tag: "" });
    }
    expect(readDashboardState({ q: " rent ", tag: " Home " })).toMatchObject({
      q: "rent",
      tag: "Home",
    });
  });

  // Pieces at the rules' edges: white space, `;`, control characters, lone surrogates, text
  // NFC shortens or changes, repeated up to past the bounds (32, 100, 200 characters).
  const piece = fc.oneof(
    fc.constantFrom(" ", "\t", "\n", "\u3000", ";", "\u0000", "\u0085", "\ud800", "\udfff"),
    fc.constantFrom("e\u0301", "\u212b", "\u1e9b\u0323", "ß", "x", "😀"),
    fc.string({ unit: "binary", maxLength: 3 }),
  );
  const text = fc
    .array(
      fc.oneof(
        piece,
        fc.tuple(piece, fc.nat(210)).map(([p, n]) => p.repeat(n)),
      ),
      {
        maxLength: 5,
      },
    )
    .map((parts) => parts.join(""));
  const edges = [
    ["x".repeat(100), "x".repeat(32)],
    ["x".repeat(101), "x".repeat(33)],
    [` ${"x ".repeat(100)}`, "e\u0301".repeat(32)],
    ["e\u0301".repeat(100), "\u212b;"],
    ["\ud800", "a\u0085"],
  ];

  it("is what the API's schemas refuse, and the rest reads as they read it (without zod)", () => {
    const agree = (q: string, tag: string) => {
      const search = searchSchema.safeParse(q);
      const tagName = tagNameSchema().safeParse(tag);
      expect(readDashboardState({ q, tag })).toMatchObject({
        q: search.success ? search.data : "",
        tag: tagName.success ? tagName.data : "",
      });
    };
    fc.assert(fc.property(text, text, agree), { numRuns: 2000, examples: edges });
  });
});
