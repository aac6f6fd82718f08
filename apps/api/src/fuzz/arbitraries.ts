/**
 * Generators that need no running API: hostile text, JSON and non-JSON bodies, content
 * types, header values and methods. Those drawing on a running API's users, tasks and
 * tokens are in url-arbitraries.ts and token-arbitraries.ts.
 */
import fc from "fast-check";
import { MAX_BODY_BYTES } from "../http/body-limit.ts";

export const BASE64URL = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"];
export const base64url = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength });

/** Header values are byte strings without NUL, CR or LF, or the Headers class refuses them. */
export const headerValue = fc.string({
  unit: fc.oneof(
    {
      weight: 20,
      arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
    },
    { weight: 1, arbitrary: fc.constantFrom("\t", "\u00a0", "\u00e9", "\u00ff") },
  ),
  maxLength: 80,
});

/** Text with NUL, lone surrogates, combining marks, byte-order marks, lengths at the limits. */
export const nastyText = fc.oneof(
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.constantFrom(
    ...["", " ", "\u0000", "a\u0000b", "\ud800", "\udfff", "a\udc00\ud800b", "\ufeff", "\u202e"],
    ...["\uffff", "\u2028", "\u00a0", "e\u0301", "😀".repeat(200), "😀".repeat(201)],
    ...["t".repeat(201), "d".repeat(1000), "d".repeat(1001)],
  ),
  fc
    .array(fc.constantFrom("a", " ", "\u0000", "\ud800", "\udc00", "é", "\u0301", "\n", "😀"), {
      maxLength: 12,
    })
    .map((chars) => chars.join("")),
);

/** A JSON value as text, including numbers no double can hold. */
const jsonText = fc.oneof(
  nastyText.map((text) => JSON.stringify(text)),
  fc.constantFrom(
    ...["1e999", "-1e999", "123456789012345678901234567890", "1e-400", "-0", "9007199254740993"],
    ...["true", "false", "null", "0", "1", '"true"', "[]", "{}", "[true]", '{"completed":true}'],
  ),
  fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)),
  fc.double().map((value) => JSON.stringify(value)),
);

export const oddKey = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    ...["__proto__", "constructor", "prototype", "toString", "id", "userId", "createdAt"],
    ...["updatedAt", "Title", "title ", "completed\u0000", ""],
  ),
);

/** Objects written as text, so keys may repeat or be `__proto__`. */
const objectBody = fc
  .array(
    fc.tuple(
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            ...["title", "description", "completed", "dueDate", "priority", "tags"],
            ...["ids", "action", "tasks"],
          ),
        },
        { weight: 1, arbitrary: oddKey },
      ),
      jsonText,
    ),
    { maxLength: 5 },
  )
  .map(
    (entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(",")}}`,
  );

/** Bodies that are often valid, so that the accepting paths get fuzzed too. */
const plausibleBody = fc
  .record(
    {
      title: fc.oneof(fc.string({ maxLength: 20 }), nastyText),
      description: fc.oneof(fc.constant(null), fc.string({ maxLength: 20 }), nastyText),
      completed: fc.boolean(),
      dueDate: fc.oneof(
        fc.constant(null),
        fc.constantFrom("2026-01-01", "0001-01-01", "9999-12-31", "2026-02-29", "2026-1-1"),
        fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
        nastyText,
      ),
      priority: fc.oneof(fc.constantFrom("none", "low", "medium", "high"), nastyText),
      tags: fc.array(
        fc.oneof(fc.constantFrom("Work", "work", " Home ", "a;b", "x".repeat(33)), nastyText),
        { maxLength: 12 },
      ),
    },
    { requiredKeys: [] },
  )
  .map((body) => JSON.stringify(body));

/** Bodies for the bulk action and the import, often valid. */
export const collectionBody = (ids: string[]) =>
  fc.oneof(
    fc
      .record(
        {
          ids: fc.array(fc.oneof(fc.constantFrom(...ids), fc.uuid(), nastyText), { maxLength: 4 }),
          action: fc.oneof(fc.constantFrom("complete", "uncomplete", "delete"), nastyText),
        },
        { requiredKeys: [] },
      )
      .map((body) => JSON.stringify(body)),
    fc.array(plausibleBody, { maxLength: 4 }).map((tasks) => `{"tasks":[${tasks.join(",")}]}`),
  );

/** Deep nesting, always within the body limit. */
const deepBody = fc
  .tuple(fc.constantFrom("array", "object", "title"), fc.integer({ min: 1, max: 5000 }))
  .map(([shape, depth]) => {
    if (shape === "array") return `${"[".repeat(depth * 3)}${"]".repeat(depth * 3)}`;
    if (shape === "object") return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    return `{"title":${"[".repeat(depth * 3)}${"]".repeat(depth * 3)}}`;
  });

/** Bodies around the size limit, which counts bytes: some characters take four. */
const sizedBody = fc.oneof(
  fc.integer({ min: MAX_BODY_BYTES - 40, max: MAX_BODY_BYTES + 40 }).map((size) => {
    const head = '{"title":"a","description":"';
    return `${head}${"d".repeat(size - head.length - 2)}"}`;
  }),
  fc.integer({ min: 8150, max: 8250 }).map((n) => `{"title":"${"😀".repeat(n)}"}`),
);

const nonJson = fc.oneof(
  fc.string({ unit: "binary", maxLength: 60 }),
  fc.constantFrom(
    ...["", " ", "undefined", "NaN", "{", "}", "[", "{'title':'a'}", "title=a"],
    ...['\ufeff{"title":"a"}', '{"title":"a"}\u0000', '{"title":"a",}', '{"title":"a" /* c */}'],
    ...['{"title":"a"}{"title":"b"}', "<task><title>a</title></task>"],
  ),
);

export const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  { weight: 3, arbitrary: objectBody },
  { weight: 3, arbitrary: plausibleBody },
  { weight: 1, arbitrary: fc.boolean().map((completed) => JSON.stringify({ completed })) },
  { weight: 2, arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)) },
  { weight: 1, arbitrary: deepBody },
  { weight: 1, arbitrary: sizedBody },
  { weight: 2, arbitrary: nonJson },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) },
);

const JSON_TYPES = [
  ...["application/json", "application/json; charset=utf-8", "APPLICATION/JSON"],
  ...["application/problem+json", "application/merge-patch+json", "application/vnd.api+json;q=1"],
];
const OTHER_TYPES = [
  ...["text/plain", "text/json", "application/jsonx", "application/json-seq", "json", "*/*"],
  ...["application/json+xml", "application/x-www-form-urlencoded", "application/octet-stream"],
  ...["multipart/form-data; boundary=x", "application/json, text/plain", "application/ json"],
];
export type TypeKind = "json" | "other" | "random" | "none";
export interface ContentType {
  kind: TypeKind;
  value?: string;
}
const typed =
  (kind: TypeKind) =>
  (value: string): ContentType => ({ kind, value });
export const contentType: fc.Arbitrary<ContentType> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...JSON_TYPES).map(typed("json")) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES).map(typed("other")) },
  { weight: 1, arbitrary: headerValue.map(typed("random")) },
  { weight: 1, arbitrary: fc.constant<ContentType>({ kind: "none" }) },
);
export const withType = ({ value }: ContentType): [string, string][] =>
  value === undefined ? [] : [["content-type", value]];

export const TASK_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Any method the Request class takes (not CONNECT, TRACE, TRACK; undici warns on "patch"). */
export const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TASK_METHODS, "HEAD", "OPTIONS") },
  { weight: 1, arbitrary: fc.constantFrom("get", "post", "put", "delete", "Options", "PROPFIND") },
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[A-Za-z][A-Za-z-]{0,11}$/)
      .filter((m) => !/^(connect|trace|track|patch)$/i.test(m)),
  },
);
