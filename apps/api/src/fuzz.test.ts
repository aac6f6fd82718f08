/**
 * Fuzzing every endpoint with hostile input (R-K8, R-K10, R-K11, R-T4–R-T6): random bodies,
 * query strings, path segments, headers and tokens, and unknown paths and methods. Whatever
 * arrives, the API never answers 5xx, every error is problem+json carrying its own status,
 * no answer shows one person's tasks to anyone else, and a refused request writes nothing.
 *
 * Requests go through `app.request()` directly rather than the harness's `call()`, so that a
 * body can go without a content type or as raw bytes. Framing headers (Content-Length,
 * Transfer-Encoding) are left out: in production Node's HTTP parser enforces them.
 * The file is long because it holds its generators; each property reads on its own.
 */
import { randomUUID } from "node:crypto";
import {
  createTaskSchema,
  problemSchema,
  setCompletionSchema,
  taskIdSchema,
  taskSchema,
  updateTaskSchema,
} from "@tasks/contracts";
import { schema } from "@tasks/db";
import { count, eq } from "drizzle-orm";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "./app.ts";
import { type Harness, startHarness, type TestUser } from "./testing/harness.ts";
import { createSigningKey, hmacWithPublicKey, rawToken } from "./testing/issuer.ts";

/** Each property stops early rather than run past its time limit, so the file stays < 60 s. */
const RUNS = { numRuns: 120, interruptAfterTimeLimit: 6_000 } as const;

let api: Harness;
/** The victim: requests try to reach or change her tasks. */
let alice: TestUser;
/** The attacker, with a valid account of his own. */
let bob: TestUser;
/** Tasks seeded before each property; accepted requests may change or delete them. */
let aliceIds: string[];
let bobIds: string[];
/** Valid tokens by their signed part (`header.payload`), with their subject. */
const genuine = new Map<string, string>();
/** Signed tokens with one bad claim or an unknown key, and unsigned forgeries. */
let badTokens: string[];
/** Valid tokens whose subject is odd and has no account. */
let oddTokens: { sub: string; token: string }[];
/** Cursors the API really returned. */
let realCursors: string[];

/** Only answers to the owner may contain these. */
const SECRET = { alice: `alice-secret-${randomUUID()}`, bob: `bob-secret-${randomUUID()}` };

const signedPart = (token: string) => token.split(".").slice(0, 2).join(".");

async function seed(user: TestUser, secret: string): Promise<string[]> {
  const rows = await api.db
    .insert(schema.task)
    .values(
      Array.from({ length: 6 }, (_, i) => ({
        userId: user.id,
        title: `${secret} ${i}`,
        description: secret,
        completed: i % 2 === 0,
      })),
    )
    .returning({ id: schema.task.id });
  return rows.map((row) => row.id);
}

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  bob = await api.createUser();
  await seed(alice, SECRET.alice);
  genuine.set(signedPart(alice.token), alice.id);
  genuine.set(signedPart(bob.token), bob.id);

  const now = Math.floor(Date.now() / 1000);
  const sign = api.issuer.sign;
  badTokens = [
    await sign(alice.id, { claims: { exp: now - 3600, iat: now - 7200 } }),
    await sign(alice.id, { claims: { nbf: now + 3600 } }),
    await sign(alice.id, { claims: { iat: now + 3600 } }),
    await sign(alice.id, { claims: { aud: "another-api" } }),
    await sign(alice.id, { claims: { iss: "https://evil.test" } }),
    await sign(alice.id, { claims: { exp: undefined } }),
    await sign(alice.id, { claims: { sub: undefined } }),
    await sign(alice.id, { claims: { sub: 42 } }),
    await sign(alice.id, { key: await createSigningKey() }),
    hmacWithPublicKey({ sub: alice.id, exp: now + 900 }, api.issuer.currentKey()),
    rawToken({ alg: "none", typ: "JWT" }, { sub: alice.id, exp: now + 900 }),
  ];

  const gone = await api.createUser();
  await api.db.delete(schema.user).where(eq(schema.user.id, gone.id));
  const subjects = ["", " ", "\u0000", "a/b", "..", "%41", "ü", "x".repeat(255), "x".repeat(256)];
  oddTokens = await Promise.all(
    [...subjects, gone.id].map(async (sub) => ({ sub, token: await sign(sub) })),
  );
  for (const { sub, token } of oddTokens) genuine.set(signedPart(token), sub);

  realCursors = [];
  for (const query of ["limit=1", "limit=2&sort=title", "limit=1&status=completed&order=asc"]) {
    const response = await api.call("GET", `${alice.tasks}?${query}`, { token: alice.token });
    realCursors.push(response.json.nextCursor);
  }
});
afterAll(() => api?.close());

// ---- sending a request and checking what must hold for every request ---------------------

interface FuzzRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: string | Uint8Array;
}

interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

type Row = typeof schema.task.$inferSelect;

interface Snapshot {
  rows: Row[];
  count: number;
}

const clip = (text: string) =>
  text.length > 300 ? `${text.slice(0, 300)}…(${text.length})` : text;

function describeRequest({ method, path, headers, body }: FuzzRequest): string {
  let shown = "";
  if (body instanceof Uint8Array) shown = `<${body.length} bytes>`;
  else if (body !== undefined) shown = JSON.stringify(body);
  return `${method} ${clip(path)} ${clip(JSON.stringify(headers))} ${clip(shown)}`;
}

async function send({ method, path, headers, body }: FuzzRequest): Promise<Answer> {
  const bodyless = /^(GET|HEAD)$/i.test(method);
  const response = await api.app.request(path, {
    method,
    headers: new Headers(headers),
    body: bodyless ? undefined : body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The whole task table (the victim's list among it) and its row count, from the database. */
async function snapshot(): Promise<Snapshot> {
  const rows = await api.db.select().from(schema.task).orderBy(schema.task.id);
  const [total] = await api.db.select({ n: count() }).from(schema.task);
  return { rows, count: total?.n ?? -1 };
}

function changedOwners(before: Row[], after: Row[]): string[] {
  const key = (row: Row) => JSON.stringify(row);
  const was = new Map(before.map((row) => [row.id, key(row)]));
  const is = new Map(after.map((row) => [row.id, key(row)]));
  const owners = new Set<string>();
  for (const row of before) if (is.get(row.id) !== key(row)) owners.add(row.userId);
  for (const row of after) if (was.get(row.id) !== key(row)) owners.add(row.userId);
  return [...owners];
}

/** Subjects of the valid tokens a request carries anywhere in its Authorization header. */
function subjectsOf(request: FuzzRequest): string[] {
  const authorization = request.headers
    .filter(([name]) => name.toLowerCase() === "authorization")
    .map(([, value]) => value)
    .join(" ");
  return [...genuine].filter(([part]) => authorization.includes(part)).map(([, sub]) => sub);
}

/**
 * Sends the request and checks the invariants: no 5xx; errors are problem+json with the
 * right status; a refusal leaves the table exactly as it was; an accepted request changes
 * only its token subject's tasks; and a person's tasks only ever go to that person.
 */
async function check(request: FuzzRequest): Promise<{ answer: Answer; before: Snapshot }> {
  const before = await snapshot();
  const answer = await send(request);
  const label = `${describeRequest(request)} → ${answer.status} ${clip(answer.text)}`;
  expect(answer.status, label).toBeGreaterThanOrEqual(200);
  expect(answer.status, label).toBeLessThan(500);
  if (answer.status >= 400) {
    expect(answer.headers.get("content-type"), label).toBe("application/problem+json");
    if (request.method.toUpperCase() !== "HEAD") {
      let problem: unknown;
      try {
        problem = JSON.parse(answer.text);
      } catch {
        expect.fail(`error body is not JSON: ${label}`);
      }
      const parsed = problemSchema.safeParse(problem);
      expect(parsed.success, label).toBe(true);
      expect(parsed.data?.status, label).toBe(answer.status);
    }
  }

  const after = await snapshot();
  const subjects = subjectsOf(request);
  if (answer.status >= 400) {
    expect(after.count, `refused request changed the row count: ${label}`).toBe(before.count);
    expect(after.rows, `refused request wrote: ${label}`).toEqual(before.rows);
  } else {
    for (const owner of changedOwners(before.rows, after.rows))
      expect(subjects, `wrote ${owner}'s tasks: ${label}`).toContain(owner);
  }

  const shown = `${answer.text} ${[...answer.headers.values()].join(" ")}`;
  for (const [owner, secret] of [
    [alice.id, SECRET.alice],
    [bob.id, SECRET.bob],
  ] as const) {
    if (!shown.includes(secret)) continue;
    expect(answer.status < 300 && subjects.includes(owner), `leaked ${owner}: ${label}`).toBe(true);
  }
  if (answer.status < 300 && answer.text && /json/.test(answer.headers.get("content-type") ?? "")) {
    const json: unknown = JSON.parse(answer.text);
    const tasks = typeof json === "object" && json && "tasks" in json ? json.tasks : [json];
    for (const task of Array.isArray(tasks) ? tasks : []) {
      const parsed = taskSchema.safeParse(task);
      if (parsed.success) expect(subjects, label).toContain(parsed.data.userId);
    }
  }
  return { answer, before };
}

const exists = (snap: Snapshot, userId: string, id: string) =>
  snap.rows.some((row) => row.userId === userId && row.id === id.toLowerCase());

const bearer = (token: string): [string, string][] => [["authorization", `Bearer ${token}`]];

// ---- generators -----------------------------------------------------------------------------

const BASE64URL = [..."ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"];
const base64url = (maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...BASE64URL), maxLength });

/** Header values are byte strings without NUL, CR or LF, or the Headers class refuses them. */
const headerValue = fc.string({
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
const nastyText = fc.oneof(
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

const oddKey = fc.oneof(
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
        { weight: 4, arbitrary: fc.constantFrom("title", "description", "completed") },
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
    },
    { requiredKeys: [] },
  )
  .map((body) => JSON.stringify(body));

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

const body: fc.Arbitrary<string | Uint8Array> = fc.oneof(
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
type TypeKind = "json" | "other" | "random" | "none";
interface ContentType {
  kind: TypeKind;
  value?: string;
}
const typed =
  (kind: TypeKind) =>
  (value: string): ContentType => ({ kind, value });
const contentType: fc.Arbitrary<ContentType> = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...JSON_TYPES).map(typed("json")) },
  { weight: 2, arbitrary: fc.constantFrom(...OTHER_TYPES).map(typed("other")) },
  { weight: 1, arbitrary: headerValue.map(typed("random")) },
  { weight: 1, arbitrary: fc.constant<ContentType>({ kind: "none" }) },
);
const withType = ({ value }: ContentType): [string, string][] =>
  value === undefined ? [] : [["content-type", value]];

const TASK_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];
/** Any method the Request class takes (not CONNECT, TRACE, TRACK; undici warns on "patch"). */
const method = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TASK_METHODS, "HEAD", "OPTIONS") },
  { weight: 1, arbitrary: fc.constantFrom("get", "post", "put", "delete", "Options", "PROPFIND") },
  {
    weight: 1,
    arbitrary: fc
      .stringMatching(/^[A-Za-z][A-Za-z-]{0,11}$/)
      .filter((m) => !/^(connect|trace|track|patch)$/i.test(m)),
  },
);

/** What the spec says a body sent by the path's owner gets, or every acceptable answer. */
function bodyVerdict(
  route: "POST" | "PUT" | "PATCH",
  found: boolean,
  type: TypeKind,
  payload: string | Uint8Array,
): number[] {
  const bytes = typeof payload === "string" ? new TextEncoder().encode(payload) : payload;
  if (bytes.length > MAX_BODY_BYTES) return [413];
  const text = new TextDecoder().decode(bytes);
  if (text === "") return route === "PATCH" ? [found ? 200 : 404] : [400];
  if (type === "random") return [200, 201, 400, 404, 415];
  if (type !== "json") return [415];
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch {
    return [400];
  }
  const rules = { POST: createTaskSchema, PUT: updateTaskSchema, PATCH: setCompletionSchema };
  if (!rules[route].safeParse(input).success) return [400];
  if (route === "POST") return [201];
  return [found ? 200 : 404];
}

// ---- properties -----------------------------------------------------------------------------

describe("fuzzing the API", { timeout: 60_000 }, () => {
  beforeEach(async () => {
    aliceIds = await seed(alice, SECRET.alice);
    bobIds = await seed(bob, SECRET.bob);
  });

  it("takes any body and content type: the spec's verdict; a refusal writes nothing", async () => {
    const caller = fc.oneof(
      { weight: 8, arbitrary: fc.constant("owner") },
      { weight: 1, arbitrary: fc.constantFrom("intruder", "foreign-path") },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("POST" as const, "PUT" as const, "PATCH" as const),
        fc.oneof(fc.constantFrom(...aliceIds, ...bobIds), fc.uuid()),
        caller,
        contentType,
        body,
        async (route, id, who, type, payload) => {
          const token = who === "intruder" ? bob.token : alice.token;
          const owner = who === "foreign-path" ? bob : alice;
          const path = {
            POST: owner.tasks,
            PUT: `${owner.tasks}/${id}`,
            PATCH: `${owner.tasks}/${id}/complete`,
          }[route];
          const request = { method: route, path, headers: [...bearer(token), ...withType(type)] };
          const { answer, before } = await check({ ...request, body: payload });
          const label = `${describeRequest({ ...request, body: payload })} → ${answer.text}`;
          if (who !== "owner") {
            expect(answer.status, label).toBe(403);
            return;
          }
          const verdict = bodyVerdict(route, exists(before, alice.id, id), type.kind, payload);
          expect(verdict, label).toContain(answer.status);
          if (answer.status >= 300) return;
          const task = taskSchema.parse(JSON.parse(answer.text));
          expect(task.userId, label).toBe(alice.id);
          if (route !== "POST") expect(task.id, label).toBe(id);
          else expect(answer.headers.get("location"), label).toBe(`${alice.tasks}/${task.id}`);
        },
      ),
      RUNS,
    );
  });

  it("takes any query string on the list and counts", async () => {
    /** Values each parameter surely accepts; none for the cursor, which depends on the list. */
    const KNOWN = new Map<string, string[]>([
      ["status", ["all", "pending", "completed"]],
      ["sort", ["created", "updated", "title"]],
      ["order", ["asc", "desc"]],
      ["limit", ["1", "2", "50", "100"]],
      ["cursor", []],
    ]);
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
    const param = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .constantFrom(...KNOWN.keys())
          .chain((key) =>
            fc
              .oneof(
                fc.constantFrom(...(KNOWN.get(key)?.length ? (KNOWN.get(key) ?? []) : realCursors)),
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
    await fc.assert(
      fc.asyncProperty(
        fc.array(param, { maxLength: 5 }),
        fc.constantFrom("", "&", "&&", "&=", "#fragment"),
        fc.boolean(),
        async (params, suffix, counts) => {
          const query = params.map(({ raw, value: v }) => `${raw}=${v}`).join("&");
          const path = `${alice.tasks}${counts ? "/counts" : ""}?${query}${suffix}`;
          const { answer } = await check({ method: "GET", path, headers: bearer(alice.token) });
          const label = `GET ${clip(path)} → ${answer.status} ${clip(answer.text)}`;
          if (counts) {
            expect(answer.status, label).toBe(200);
            return;
          }
          const keys = params.map((p) => p.key);
          const unknown = keys.some((key) => !KNOWN.has(key));
          const repeated = new Set(keys).size < keys.length;
          const plain = params.every((p) => KNOWN.get(p.key)?.includes(p.value));
          if (unknown || repeated) expect(answer.status, label).toBe(400);
          else if (plain) expect(answer.status, label).toBe(200);
          else expect([200, 400], label).toContain(answer.status);
          if (answer.status === 400)
            expect(JSON.parse(answer.text).errors.length, label).toBeGreaterThan(0);
        },
      ),
      RUNS,
    );
  });

  it("takes any path segment in place of the user id and the task id", async () => {
    /** `decoded` is known when the segment reaches the router as one segment that decodes to it. */
    type Segment = { raw: string; decoded?: string };
    const segment: fc.Arbitrary<Segment> = fc.oneof(
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
    const ROUTES: [string, string[]][] = [
      ["/api/{u}/tasks", ["GET", "POST"]],
      ["/api/{u}/tasks/counts", ["GET"]],
      ["/api/{u}/tasks/{t}", ["GET", "PUT", "DELETE"]],
      ["/api/{u}/tasks/{t}/complete", ["PATCH"]],
    ];
    const caller = fc.oneof(
      { weight: 4, arbitrary: fc.constant("alice") },
      { weight: 2, arbitrary: fc.constant("bob") },
      { weight: 1, arbitrary: fc.constant("none") },
      { weight: 1, arbitrary: fc.constantFrom(...oddTokens.map((t) => t.sub)) },
    );
    const user = fc.oneof(
      { weight: 4, arbitrary: fc.constant("self") },
      { weight: 2, arbitrary: fc.constantFrom("alice", "bob") },
      { weight: 3, arbitrary: segment },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.oneof(
          { weight: 6, arbitrary: fc.constantFrom(...TASK_METHODS) },
          { weight: 1, arbitrary: method },
        ),
        user,
        segment,
        caller,
        async ([template, allowed], verb, where, task, who) => {
          const odd = oddTokens.find((t) => t.sub === who);
          const self = odd?.sub ?? (who === "bob" ? bob.id : alice.id);
          const named =
            typeof where === "string" ? { alice: alice.id, bob: bob.id, self }[where] : undefined;
          const u: Segment =
            named === undefined
              ? (where as Segment)
              : { raw: encodeURIComponent(named), decoded: named };
          const path = template.replace("{u}", u.raw).replace("{t}", task.raw);
          const jwt =
            odd?.token ??
            new Map([
              ["alice", alice.token],
              ["bob", bob.token],
            ]).get(who);
          const headers: [string, string][] = jwt ? bearer(jwt) : [];
          let payload: string | undefined;
          if (verb === "PUT") payload = '{"title":"renamed"}';
          if (verb === "POST") payload = '{"title":"new"}';
          if (payload) headers.push(["content-type", "application/json"]);
          const { answer, before } = await check({ method: verb, path, headers, body: payload });
          const label = `${verb} ${clip(path)} as ${who} → ${answer.status} ${clip(answer.text)}`;

          const upper = verb.toUpperCase();
          const routed =
            u.decoded !== undefined && (!template.includes("{t}") || task.decoded !== undefined);
          if (!routed || upper === "OPTIONS") return;
          if (who === "none") {
            expect(answer.status, label).toBe(401);
            expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
            return;
          }
          if (who === "bob" && u.decoded !== bob.id) {
            expect(answer.status, label).toBe(403);
            return;
          }
          if (who !== "alice" || u.decoded !== alice.id) return;
          if (!allowed.includes(upper)) {
            if (TASK_METHODS.includes(upper)) {
              expect(answer.status, label).toBe(405);
              expect(answer.headers.get("allow"), label).toBe(allowed.join(", "));
            }
            return;
          }
          if (!template.includes("{t}")) return;
          const id = task.decoded ?? "";
          if (!taskIdSchema.safeParse(id).success) expect(answer.status, label).toBe(400);
          else if (!exists(before, alice.id, id)) expect(answer.status, label).toBe(404);
          else expect(answer.status, label).toBeLessThan(300);
        },
      ),
      RUNS,
    );
  });

  it("takes any headers and Authorization value", async () => {
    const scheme = fc.oneof(
      {
        weight: 3,
        arbitrary: fc.constantFrom("Bearer ", "bearer ", "BEARER ", "Bearer   ", " Bearer "),
      },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          ...["Bearer\t", "Bearer", "Basic ", "Token ", "Bearer: ", "Bearer=", ""],
          ...["Bearer Bearer ", "Bearer\u00a0"],
        ),
      },
    );
    const credential = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(alice.token, bob.token) },
      { weight: 1, arbitrary: fc.constantFrom(...badTokens) },
    );
    const tail = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom("", " ", "\t") },
      { weight: 1, arbitrary: fc.constantFrom(",", " x", ".", "=", ", Bearer x") },
    );
    const authorization = fc.oneof(
      { weight: 4, arbitrary: fc.tuple(scheme, credential, tail).map((parts) => parts.join("")) },
      { weight: 1, arbitrary: headerValue },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          `Basic ${Buffer.from("alice:password").toString("base64")}`,
          ...["Bearer", "Bearer ", 'Digest username="alice"'],
        ),
      },
    );
    const extraHeader = fc.tuple(
      fc.oneof(
        fc.constantFrom(
          ...["x-request-id", "origin", "accept", "accept-encoding", "content-encoding", "cookie"],
          ...["x-http-method-override", "x-forwarded-for", "x-forwarded-host", "if-none-match"],
          ...["range", "host", "authorization"],
        ),
        fc.stringMatching(/^x-[a-z0-9-]{1,20}$/),
      ),
      headerValue,
    );
    const ROUTES: [string, string, string | undefined][] = [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, '{"title":"from headers"}'],
      ["GET", `${alice.tasks}/counts`, undefined],
      ["GET", `${alice.tasks}/${aliceIds[0]}`, undefined],
      ["PUT", `${alice.tasks}/${aliceIds[1]}`, '{"title":"renamed"}'],
      ["PATCH", `${alice.tasks}/${aliceIds[2]}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${aliceIds[3]}`, undefined],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        fc.option(authorization, { freq: 8 }),
        contentType,
        fc.array(extraHeader, { maxLength: 3 }),
        async ([verb, path, payload], auth, type, extra) => {
          const headers: [string, string][] = [
            ...(auth === null ? [] : ([["authorization", auth]] as [string, string][])),
            ...withType(type),
            ...extra,
          ];
          const { answer } = await check({ method: verb, path, headers, body: payload });
          const label = `${verb} ${path} ${clip(JSON.stringify(headers))} → ${answer.status}`;
          const values = headers.filter(([name]) => name === "authorization").map(([, v]) => v);
          // RFC 6750: credentials = "Bearer" 1*SP b64token; several headers merge into a list.
          const single =
            values.length === 1 ? (values[0] ?? "").replace(/^[ \t]+|[ \t]+$/g, "") : "";
          const token = /^Bearer +(\S+)$/i.exec(single)?.[1];
          if (token === alice.token) expect([401, 403], label).not.toContain(answer.status);
          else if (token === bob.token) expect(answer.status, label).toBe(403);
          else {
            expect(answer.status, label).toBe(401);
            expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer/);
          }
        },
      ),
      RUNS,
    );
  });

  it("refuses every token that is not exactly a valid one with 401", async () => {
    const originals = [alice.token, bob.token];
    /** A valid token whose signature is only written differently (base64url padding bits). */
    const sameAsGenuine = (token: string) => {
      const [head, payload, signature = "", ...rest] = token.split(".");
      const original = originals.find((t) => signedPart(t) === `${head}.${payload}`);
      if (!original || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(signature)) return false;
      const wanted = Buffer.from(original.split(".")[2] ?? "", "base64url");
      return Buffer.from(signature, "base64url").equals(wanted);
    };
    const decode = (part: string): Record<string, unknown> => {
      try {
        const value: unknown = JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
        return typeof value === "object" && value !== null ? { ...value } : {};
      } catch {
        return {};
      }
    };
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const parts = (t: string) => {
      const [header = "", payload = "", signature = ""] = t.split(".");
      return { header, payload, signature };
    };
    const ALGS = [
      "none",
      "None",
      "NONE",
      "HS256",
      "RS256",
      "ES256",
      "EdDSA",
      "Ed25519",
      "PS256",
      "",
    ];
    const mutation = fc.oneof(
      fc.tuple(fc.nat(), fc.constantFrom(...BASE64URL, ".", "=", "+", "/", "~")).map(
        ([at, ch]) =>
          (t: string) =>
            `${t.slice(0, at % t.length)}${ch}${t.slice((at % t.length) + 1)}`,
      ),
      fc
        .tuple(fc.constantFrom(...ALGS), fc.boolean())
        .map(([alg, keepSignature]) => (t: string) => {
          const { header, payload, signature } = parts(t);
          const kept = keepSignature ? signature : "";
          return `${encode({ ...decode(header), alg })}.${payload}.${kept}`;
        }),
      fc
        .record(
          {
            sub: fc.oneof(fc.constantFrom(alice.id, bob.id, ""), fc.jsonValue()),
            exp: fc.oneof(fc.integer(), fc.constantFrom(1e20, -1, "soon", null)),
            aud: fc.oneof(fc.string(), fc.array(fc.string())),
            iss: fc.string(),
          },
          { requiredKeys: [] },
        )
        .map((claims) => (t: string) => {
          const { header, payload, signature } = parts(t);
          return `${header}.${encode({ ...decode(payload), ...claims })}.${signature}`;
        }),
      fc.constantFrom(
        (t: string) => `${parts(t).payload}.${parts(t).header}.${parts(t).signature}`,
        (t: string) => signedPart(t),
        (t: string) => `${signedPart(t)}.`,
        (t: string) => `${t}.${parts(t).signature}`,
        (t: string) => t.toUpperCase(),
        (t: string) => t.replaceAll("-", "+").replaceAll("_", "/"),
        (t: string) => `${t}=`,
        (t: string) => `${t}${t}`,
        (t: string) => hmacWithPublicKey(decode(parts(t).payload), api.issuer.currentKey()),
      ),
      fc.nat().map((at) => (t: string) => t.slice(0, at % t.length)),
      base64url(8).map((more) => (t: string) => `${t}${more}`),
    );
    const token = fc.oneof(
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            fc.constantFrom(...originals, ...badTokens),
            fc.array(mutation, { minLength: 1, maxLength: 3 }),
          )
          .map(([start, steps]) => steps.reduce((t, step) => step(t) || "x", start)),
      },
      { weight: 1, arbitrary: fc.constantFrom(...badTokens) },
      {
        weight: 1,
        arbitrary: fc.array(base64url(60), { minLength: 1, maxLength: 5 }).map((p) => p.join(".")),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.jsonValue(), fc.jsonValue(), base64url(90))
          .map(([header, payload, signature]) => rawToken(header, payload, signature)),
      },
      { weight: 1, arbitrary: fc.constantFrom("a".repeat(5000), `${"a".repeat(3000)}.b.c`) },
    );
    const id = aliceIds[0];
    const ROUTES: [string, string, string | undefined][] = [
      ["GET", alice.tasks, undefined],
      ["POST", alice.tasks, '{"title":"forged"}'],
      ["GET", `${alice.tasks}/counts`, undefined],
      ["GET", `${alice.tasks}/${id}`, undefined],
      ["PUT", `${alice.tasks}/${id}`, '{"title":"forged"}'],
      ["PATCH", `${alice.tasks}/${id}/complete`, undefined],
      ["DELETE", `${alice.tasks}/${id}`, undefined],
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ROUTES),
        token.filter((t) => /^\S+$/.test(t)),
        async ([verb, path, payload], jwt) => {
          const headers: [string, string][] = [
            ...bearer(jwt),
            ["content-type", "application/json"],
          ];
          const { answer } = await check({ method: verb, path, headers, body: payload });
          if (sameAsGenuine(jwt)) return;
          const label = `${verb} ${path} with ${clip(jwt)} → ${answer.status} ${clip(answer.text)}`;
          expect(answer.status, label).toBe(401);
          expect(answer.headers.get("www-authenticate"), label).toMatch(/^Bearer realm="tasks"/);
        },
      ),
      RUNS,
    );
  });

  it("takes unknown paths and methods", async () => {
    const [a, b, t] = [alice.id, bob.id, aliceIds[0]];
    const path = fc.oneof(
      fc.constantFrom(
        ...["/", "/api", "/api/", "/api/tasks", `/api/${a}`, `/api/${a}/`, `/api/${a}/task`],
        ...[`/api/${a}/tasks/`, `/api/${a}/tasks/counts/x`, `/api/${a}/tasks/${t}/`],
        ...[`/api/${a}/tasks/${t}/completed`, `/api/${a}/tasks/${t}/complete/x`],
        ...[`//api/${a}/tasks`, `/API/${a}/tasks`, `/api/${a}/tasks;x`, `/api/${a}/tasks%2F${t}`],
        ...[`/api/${a}/../${b}/tasks`, `/api/${b}/tasks/%2e%2e/%2e%2e/${a}/tasks`],
        ...["/health", "/ready", "/openapi.json", "/docs", "/docs/", "/favicon.ico"],
      ),
      fc.webPath(),
      fc.webPath().map((p) => `/api/${a}${p}`),
    );
    await fc.assert(
      fc.asyncProperty(
        method,
        path,
        fc.constantFrom("alice", "bob", "none"),
        fc.option(body, { freq: 3 }),
        async (verb, where, who, payload) => {
          const token = { alice: alice.token, bob: bob.token, none: undefined }[who];
          const headers: [string, string][] = [
            ...(token ? bearer(token) : []),
            ["content-type", "application/json"],
          ];
          await check({ method: verb, path: where, headers, body: payload ?? undefined });
        },
      ),
      RUNS,
    );
  });
});

describe("bugs the fuzzing found, kept as regression tests", () => {
  it("refuses __proto__ in a query string as an unknown parameter (R-K10)", async () => {
    const response = await api.call("GET", `${alice.tasks}?__proto__=1`, { token: alice.token });
    expect(response.status).toBe(400);
    expect(response.json.errors).toEqual([{ field: "__proto__", message: "Unknown field" }]);
  });

  it("answers every wrong method on /counts with 405 and Allow: GET", async () => {
    for (const verb of ["POST", "PUT", "PATCH", "DELETE"]) {
      const response = await api.call(verb, `${alice.tasks}/counts`, {
        token: alice.token,
        body: { title: "x" },
      });
      expect(response.status, verb).toBe(405);
      expect(response.headers.get("allow"), verb).toBe("GET");
    }
  });
});
