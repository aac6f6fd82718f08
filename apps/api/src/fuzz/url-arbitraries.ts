/**
 * Generators for the URL: query parameters for the list and path segments in place of the
 * user id and the task id. They draw on the running API's users, tasks and real cursors,
 * so they are built inside a test, once the harness has started.
 */
import fc from "fast-check";
import { base64url, nastyText, oddKey } from "./arbitraries.ts";
import type { Fuzzing } from "./setup.ts";

/** Values each parameter surely accepts; none for the cursor, which depends on the list. */
export const KNOWN_PARAMS = new Map<string, string[]>([
  ["status", ["all", "pending", "completed"]],
  ["sort", ["created", "updated", "title", "due", "priority"]],
  ["order", ["asc", "desc"]],
  ["limit", ["1", "2", "50", "100"]],
  ["cursor", []],
  ["q", ["secret", "a%20b", "50%25", "snake_case"]],
  ["tag", ["Work", "work", "nothing"]],
  ["priority", ["none", "low", "medium", "high"]],
  ["dueFrom", ["0001-01-01", "2026-01-01"]],
  ["dueTo", ["2026-12-31", "9999-12-31"]],
  ["due", ["none", "any"]],
]);

/** The counts take the list's filters, but no order or paging. */
export const COUNT_PARAMS = new Map(
  [...KNOWN_PARAMS].filter(([key]) => !["sort", "order", "limit", "cursor"].includes(key)),
);

export interface QueryParam {
  key: string;
  /** The key as written in the query string. */
  raw: string;
  value: string;
}

export function queryParam({ aliceIds, bobIds, realCursors }: Fuzzing): fc.Arbitrary<QueryParam> {
  const forgedCursor = fc
    .record(
      {
        s: fc.oneof(fc.constantFrom("created", "updated", "title"), fc.jsonValue()),
        o: fc.oneof(fc.constantFrom("asc", "desc"), fc.jsonValue()),
        f: fc.oneof(fc.constantFrom("all", "pending", "completed"), fc.jsonValue()),
        v: fc.oneof(
          fc.constantFrom(
            ...["2026-01-01T00:00:00.000Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999Z"],
            ...["2026-02-30T00:00:00Z", "2026-01-01T00:00:00.123456789Z", "\u0000", "\ud800"],
            "'; drop table task; --",
          ),
          nastyText,
          fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
        ),
        i: fc.oneof(fc.uuid(), fc.constantFrom(...aliceIds, ...bobIds), fc.string()),
        x: fc.jsonValue(),
      },
      { requiredKeys: [] },
    )
    .map((cursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url"));
  const value = fc.oneof(
    fc
      .string({ unit: "binary", maxLength: 30 })
      .filter((s) => s.isWellFormed())
      .map(encodeURIComponent),
    fc.constantFrom(
      ...["", "%", "%zz", "%E0%A4%A", "%00", "+", "%2B", "0", "-1", "101", "1e2", "0x10"],
      ...["1.0", "%205", "%EF%BC%95", "99999999999999999999", "ALL", "Created", "asc%00"],
      "a".repeat(2000),
    ),
    fc.constantFrom(...realCursors),
    base64url(600),
    forgedCursor,
  );
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc
        .constantFrom(...KNOWN_PARAMS.keys())
        .chain((key) =>
          fc
            .oneof(
              fc.constantFrom(
                ...(KNOWN_PARAMS.get(key)?.length ? (KNOWN_PARAMS.get(key) ?? []) : realCursors),
              ),
              value,
            )
            .map((v) => ({ key, raw: key, value: v })),
        ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(fc.oneof(oddKey, fc.constantFrom("STATUS", "limit[]", "status ")), value)
        .filter(([key]) => key !== "" && key.isWellFormed())
        .map(([key, v]) => ({ key, raw: encodeURIComponent(key), value: v })),
    },
  );
}

/** `decoded` is known when the segment reaches the router as one segment that decodes to it. */
export type Segment = { raw: string; decoded?: string };

export function pathSegment({ alice, bob, aliceIds, bobIds }: Fuzzing): fc.Arbitrary<Segment> {
  return fc.oneof(
    {
      weight: 3,
      arbitrary: fc
        .string({ unit: "binary", minLength: 1, maxLength: 30 })
        .filter((s) => s.isWellFormed() && s !== "." && s !== "..")
        .map((s) => ({ raw: encodeURIComponent(s), decoded: s })),
    },
    {
      weight: 3,
      arbitrary: fc
        .constantFrom(
          ...[".", "..", "%2e", "%2E%2E", "%2F", "%2f..%2f", "..%2F..%2F", "%00", "%", "%zz"],
          ...["%E0%A4%A", "%C0%AF", "%252F", ";", "a;b=c", "*", ":id", ":userId", "+", "\\"],
          ...["..\\..", "%5C", "a b", "日本", "👩🏽‍💻", "\u0000", "?", "#", "a?b=c", "", "/"],
          ...["a/b", "x".repeat(5000), "%41".repeat(2000)],
        )
        .map((raw) => ({ raw })),
    },
    {
      weight: 2,
      arbitrary: fc
        .oneof(
          fc.uuid(),
          fc.constantFrom(alice.id, bob.id, ...aliceIds, ...bobIds),
          fc.constantFrom(...aliceIds).map((id) => id.toUpperCase()),
          fc.constantFrom(...aliceIds).map((id) => `{${id}}`),
          fc.constantFrom(...aliceIds).map((id) => id.replaceAll("-", "")),
        )
        .map((s) => ({ raw: s, decoded: s })),
    },
  );
}
