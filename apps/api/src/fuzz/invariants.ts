/**
 * What must hold for every fuzzed request (R-K8, R-K10, R-K11, R-T4–R-T6): whatever arrives,
 * the API never answers 5xx, every error is problem+json carrying its own status, no answer
 * shows one person's tasks to anyone else, and a refused request writes nothing.
 *
 * Requests go through `app.request()` directly rather than the harness's `call()`, so that a
 * body can go without a content type or as raw bytes. Framing headers (Content-Length,
 * Transfer-Encoding) are left out: in production Node's HTTP parser enforces them.
 */
import { problemSchema, taskSchema } from "@tasks/contracts";
import { schema } from "@tasks/db";
import { IMPLEMENTED_METHODS } from "@tasks/service/http-server";
import { count } from "drizzle-orm";
import { expect } from "vitest";
import { type Fuzzing, SECRET } from "./setup.ts";

export interface FuzzRequest {
  method: string;
  path: string;
  headers: [string, string][];
  body?: string | Uint8Array;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
}

type Row = typeof schema.task.$inferSelect;

export interface Snapshot {
  rows: Row[];
  count: number;
  /** Rows of tag, task_tag and idempotency_key: a refusal writes none of them either. */
  others: number[];
}

export const clip = (text: string) =>
  text.length > 300 ? `${text.slice(0, 300)}…(${text.length})` : text;

export function describeRequest({ method, path, headers, body }: FuzzRequest): string {
  let shown = "";
  if (body instanceof Uint8Array) shown = `<${body.length} bytes>`;
  else if (body !== undefined) shown = JSON.stringify(body);
  return `${method} ${clip(path)} ${clip(JSON.stringify(headers))} ${clip(shown)}`;
}

export const bearer = (token: string): [string, string][] => [["authorization", `Bearer ${token}`]];

export const exists = (snap: Snapshot, userId: string, id: string) =>
  snap.rows.some((row) => row.userId === userId && row.id === id.toLowerCase());

async function send(fuzz: Fuzzing, { method, path, headers, body }: FuzzRequest): Promise<Answer> {
  const bodyless = /^(GET|HEAD)$/i.test(method);
  const response = await fuzz.api.app.request(path, {
    method,
    headers: new Headers(headers),
    body: bodyless ? undefined : body,
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

/** The whole task table (the victim's list among it) and its row count, from the database. */
async function snapshot(fuzz: Fuzzing): Promise<Snapshot> {
  const rows = await fuzz.api.db.select().from(schema.task).orderBy(schema.task.id);
  const [total] = await fuzz.api.db.select({ n: count() }).from(schema.task);
  const others = [];
  for (const table of [schema.tag, schema.taskTag, schema.idempotencyKey]) {
    const [row] = await fuzz.api.db.select({ n: count() }).from(table);
    others.push(row?.n ?? -1);
  }
  return { rows, count: total?.n ?? -1, others };
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
function subjectsOf(fuzz: Fuzzing, request: FuzzRequest): string[] {
  const authorization = request.headers
    .filter(([name]) => name.toLowerCase() === "authorization")
    .map(([, value]) => value)
    .join(" ");
  return [...fuzz.genuine].filter(([part]) => authorization.includes(part)).map(([, sub]) => sub);
}

/** The method the server receives: fetch upper-cases these six whatever their case. */
function sentMethod(method: string): string {
  const upper = method.toUpperCase();
  return ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].includes(upper) ? upper : method;
}

/**
 * No 5xx, and every error is problem+json whose body carries the answer's own status. The
 * one 5xx the spec defines is 501, for a method the server implements nowhere (R-O9).
 */
function expectWellFormed(request: FuzzRequest, answer: Answer, label: string): void {
  expect(answer.status, label).toBeGreaterThanOrEqual(200);
  if (answer.status === 501) {
    expect(IMPLEMENTED_METHODS.has(sentMethod(request.method)), label).toBe(false);
  } else {
    expect(answer.status, label).toBeLessThan(500);
  }
  if (answer.status < 400) return;
  expect(answer.headers.get("content-type"), label).toBe("application/problem+json");
  if (request.method.toUpperCase() === "HEAD") return;
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

/** A person's secret and tasks only ever go, in a success, to that person. */
function expectNoLeak(fuzz: Fuzzing, answer: Answer, subjects: string[], label: string): void {
  const shown = `${answer.text} ${[...answer.headers.values()].join(" ")}`;
  for (const [owner, secret] of [
    [fuzz.alice.id, SECRET.alice],
    [fuzz.bob.id, SECRET.bob],
  ] as const) {
    if (!shown.includes(secret)) continue;
    expect(answer.status < 300 && subjects.includes(owner), `leaked ${owner}: ${label}`).toBe(true);
  }
  if (answer.status >= 300 || !answer.text) return;
  if (!/json/.test(answer.headers.get("content-type") ?? "")) return;
  const json: unknown = JSON.parse(answer.text);
  const tasks = typeof json === "object" && json && "tasks" in json ? json.tasks : [json];
  for (const task of Array.isArray(tasks) ? tasks : []) {
    const parsed = taskSchema.safeParse(task);
    if (parsed.success) expect(subjects, label).toContain(parsed.data.userId);
  }
}

/**
 * Sends the request and checks the invariants: no 5xx; errors are problem+json with the
 * right status; a refusal leaves the table exactly as it was; an accepted request changes
 * only its token subject's tasks; and a person's tasks only ever go to that person.
 */
export async function check(
  fuzz: Fuzzing,
  request: FuzzRequest,
): Promise<{ answer: Answer; before: Snapshot }> {
  const before = await snapshot(fuzz);
  const answer = await send(fuzz, request);
  const label = `${describeRequest(request)} → ${answer.status} ${clip(answer.text)}`;
  expectWellFormed(request, answer, label);

  const after = await snapshot(fuzz);
  const subjects = subjectsOf(fuzz, request);
  if (answer.status >= 400) {
    expect(after.count, `refused request changed the row count: ${label}`).toBe(before.count);
    expect(after.rows, `refused request wrote: ${label}`).toEqual(before.rows);
    expect(after.others, `refused request wrote tags or keys: ${label}`).toEqual(before.others);
  } else {
    for (const owner of changedOwners(before.rows, after.rows))
      expect(subjects, `wrote ${owner}'s tasks: ${label}`).toContain(owner);
  }

  expectNoLeak(fuzz, answer, subjects, label);
  return { answer, before };
}
