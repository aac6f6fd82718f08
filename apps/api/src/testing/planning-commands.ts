/**
 * The commands of the planning property test (planning.property.test.ts): what three
 * people do at random, drawing on small pools of words, tags and dates so that filters
 * and tags meet often.
 */
import { type Task, taskPriorities } from "@tasks/contracts";
import fc from "fast-check";
import { type ListQuery, listQuery } from "./planning-model.ts";

export const PEOPLE = 3;
/** ASCII names in several cases: the first spelling a person uses must win. */
const TAG_POOL = ["Work", "work", "WORK", "Home", "home", "Q1"];
const WORDS = ["milk", "Buy", "50%", "a_b", "x"];
const DATES = [null, "2026-01-01", "2026-01-02", "2026-02-28", "2027-12-31"];

const actor = fc.integer({ min: 0, max: PEOPLE - 1 });
const pick = fc.nat(30);
const title = fc
  .tuple(fc.subarray(WORDS, { maxLength: 2 }), fc.nat(99))
  .map(([words, n]) => `${words.join(" ")} t${n}`.trim());
const fields = fc.record(
  {
    title,
    description: fc.option(fc.constantFrom("buy more", "MILK and x", "plain"), { nil: null }),
    completed: fc.boolean(),
    dueDate: fc.constantFrom(...DATES),
    priority: fc.constantFrom(...taskPriorities),
    tags: fc.subarray(TAG_POOL, { maxLength: 4 }).chain((tags) => fc.shuffledSubarray(tags)),
  },
  { requiredKeys: ["title"] },
);
export type Fields = Partial<
  Omit<Task, "id" | "userId" | "createdAt" | "updatedAt" | "version">
> & {
  title: string;
};

export type Command =
  | { kind: "create"; actor: number; body: Fields; key?: string }
  | { kind: "update"; actor: number; pick: number; body: Partial<Fields>; stale: boolean }
  | { kind: "list"; actor: number; query: ListQuery; limit: number }
  | {
      kind: "bulk";
      actor: number;
      picks: number[];
      foreign: boolean;
      action: "complete" | "uncomplete" | "delete";
    }
  | { kind: "clear"; actor: number }
  | {
      kind: "trespass";
      actor: number;
      what: "tags" | "export" | "import" | "bulk" | "clear" | "counts";
    };

export const command: fc.Arbitrary<Command> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record(
      {
        kind: fc.constant("create" as const),
        actor,
        body: fields,
        key: fc.constantFrom("k1", "k2", "k3"),
      },
      { requiredKeys: ["kind", "actor", "body"] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("update" as const),
      actor,
      pick,
      body: fields.map(({ title: _t, ...rest }) => rest).filter((b) => Object.keys(b).length > 0),
      stale: fc.boolean(),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant("list" as const),
      actor,
      query: listQuery(TAG_POOL, WORDS, DATES),
      limit: fc.integer({ min: 1, max: 4 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("bulk" as const),
      actor,
      picks: fc.uniqueArray(pick, { minLength: 1, maxLength: 4 }),
      foreign: fc.boolean(),
      action: fc.constantFrom("complete" as const, "uncomplete" as const, "delete" as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("clear" as const), actor }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("trespass" as const),
      actor,
      what: fc.constantFrom(
        "tags" as const,
        "export" as const,
        "import" as const,
        "bulk" as const,
        "clear" as const,
        "counts" as const,
      ),
    }),
  },
);
