/**
 * R-K12 by the tools people use: the generated document passes Spectral's `spectral:oas`
 * and Redocly's `recommended` rules with no error (and no warning beyond the few listed,
 * with their reasons), and a client generated from it with openapi-typescript types every
 * field, error bodies included: a program using it type-checks, and a wrong use does not.
 * All offline: the tools' programmatic APIs, no CLI, no network.
 */
import { fileURLToPath } from "node:url";
import { createConfig, lintFromString } from "@redocly/openapi-core";
import { Document, type RulesetDefinition, Spectral } from "@stoplight/spectral-core";
import Parsers from "@stoplight/spectral-parsers";
import { oas } from "@stoplight/spectral-rulesets";
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";
import { servedDocument } from "../testing/document.ts";

let document: OpenAPI3;

beforeAll(async () => {
  document = (await servedDocument()) as OpenAPI3;
});

/**
 * Warnings left on purpose. info-contact, info-license: the project is private, with no
 * public contact or licence to name; an invented one would be false. operation-4xx-response
 * on the probes: /health and /ready answer no 4xx.
 */
const EXPECTED_WARNINGS = {
  spectral: ["info-contact at info"],
  redocly: [
    "info-license at #/info",
    "operation-4xx-response at #/paths/~1health/get/responses",
    "operation-4xx-response at #/paths/~1ready/get/responses",
  ],
};

describe("the OpenAPI document under the linters", () => {
  it("has no Spectral (spectral:oas) error, and only the expected warnings", async () => {
    const spectral = new Spectral();
    // The ruleset's declared type lacks the `extends` it does not need.
    spectral.setRuleset({ extends: [[oas as RulesetDefinition, "recommended"]] });
    const results = await spectral.run(
      new Document(JSON.stringify(document), Parsers.Json, "openapi.json"),
    );
    const described = (severity: number) =>
      results
        .filter((result) => result.severity === severity)
        .map((result) => `${result.code} at ${result.path.join(".")}`);
    expect(described(0), "errors").toEqual([]);
    expect(described(1), "warnings").toEqual(EXPECTED_WARNINGS.spectral);
  });

  it("has no Redocly (recommended) error, and only the expected warnings", async () => {
    const config = await createConfig({ extends: ["recommended"] });
    const problems = await lintFromString({
      source: JSON.stringify(document),
      absoluteRef: "/openapi.json",
      config,
    });
    const described = (severity: string) =>
      problems
        .filter((problem) => problem.severity === severity)
        .map((problem) => `${problem.ruleId} at ${problem.location[0]?.pointer}`);
    expect(described("error"), "errors").toEqual([]);
    expect(described("warn"), "warnings").toEqual(EXPECTED_WARNINGS.redocly);
  });
});

/** Uses the generated types through openapi-fetch, as a client of the API would. */
const PROGRAM = `
import createClient from "openapi-fetch";
import type { components, paths } from "./api-types.ts";

type Task = components["schemas"]["Task"];
const client = createClient<paths>({ baseUrl: "http://127.0.0.1:8000" });

export async function addTask(userId: string, title: string): Promise<string> {
  const { data, error } = await client.POST("/api/{user_id}/tasks", {
    params: { path: { user_id: userId } },
    body: { title, description: null },
  });
  if (error) {
    const field: string | undefined = error.errors?.[0]?.field;
    const status: number = error.status;
    return \`\${status} \${field ?? error.detail}\`;
  }
  const task: Task = data;
  return task.title;
}

export async function pendingTitles(userId: string): Promise<string[]> {
  const { data } = await client.GET("/api/{user_id}/tasks", {
    params: { path: { user_id: userId }, query: { status: "pending", limit: 10 } },
  });
  return data?.tasks.map((task) => task.title) ?? [];
}

export async function plan(userId: string, etag: string): Promise<string[]> {
  const created = await client.POST("/api/{user_id}/tasks", {
    params: { path: { user_id: userId }, header: { "idempotency-key": "retry-1" } },
    body: { title: "Plan", dueDate: "2026-05-01", priority: "high", tags: ["Work"] },
  });
  const id: string = created.data?.id ?? "";
  await client.PUT("/api/{user_id}/tasks/{id}", {
    params: { path: { user_id: userId, id }, header: { "if-match": etag } },
    body: { dueDate: null, tags: [] },
  });
  const page = await client.GET("/api/{user_id}/tasks", {
    params: {
      path: { user_id: userId },
      query: { q: "milk", tag: "Work", priority: "high", dueFrom: "2026-01-01", due: "any", sort: "due" },
    },
  });
  const counts = await client.GET("/api/{user_id}/tasks/counts", {
    params: { path: { user_id: userId }, query: { tag: "Work" } },
  });
  const pending: number = counts.data?.pending ?? 0;
  const bulk = await client.POST("/api/{user_id}/tasks/bulk", {
    params: { path: { user_id: userId } },
    body: { ids: [id], action: "complete" },
  });
  const done: boolean | undefined = bulk.data?.tasks[0]?.completed;
  const tags = await client.GET("/api/{user_id}/tags", { params: { path: { user_id: userId } } });
  const version: number | undefined = page.data?.tasks[0]?.version;
  return [
    ...(tags.data?.tags.map((tag) => tag.name + ": " + tag.count) ?? []),
    String(pending),
    String(done),
    String(version),
  ];
}

// @ts-expect-error: priority is none, low, medium or high
client.POST("/api/{user_id}/tasks", { params: { path: { user_id: "u" } }, body: { title: "t", priority: "urgent" } });
// @ts-expect-error: a bulk action is complete, uncomplete or delete
client.POST("/api/{user_id}/tasks/bulk", { params: { path: { user_id: "u" } }, body: { ids: [], action: "archive" } });
// @ts-expect-error: tags are a list of names
client.POST("/api/{user_id}/tasks", { params: { path: { user_id: "u" } }, body: { title: "t", tags: "Work" } });

type BadRequest =
  paths["/api/{user_id}/tasks"]["post"]["responses"][400]["content"]["application/problem+json"];
export const firstField = (problem: BadRequest): string | undefined => problem.errors?.[0]?.field;

// Each of these must be refused, or the types are too loose to catch anything.
// @ts-expect-error: a task has no owner field
export const owner = (task: Task) => task.owner;
// @ts-expect-error: a field error's field is a string
export const notNumber = (problem: BadRequest): number | undefined => problem.errors?.[0]?.field;
// @ts-expect-error: status is all, pending or completed
client.GET("/api/{user_id}/tasks", { params: { path: { user_id: "u" }, query: { status: "done" } } });
// @ts-expect-error: a new task needs a title
client.POST("/api/{user_id}/tasks", { params: { path: { user_id: "u" } }, body: {} });
`;

/** Files read from disk (TypeScript's libs, openapi-fetch), parsed once for every program. */
const parsed = new Map<string, ts.SourceFile | undefined>();

/** Type errors of PROGRAM against the types openapi-typescript generates from `source`. */
async function typeErrors(source: OpenAPI3): Promise<string[]> {
  const types = astToString(await openapiTS(source));
  // Beside this file, so that "openapi-fetch" resolves from the repository's node_modules.
  const dir = fileURLToPath(new URL(".", import.meta.url));
  const files = new Map([
    [`${dir}api-types.ts`, types],
    [`${dir}client-program.ts`, PROGRAM],
  ]);
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
    skipLibCheck: true,
  };
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.fileExists = (name) => files.has(name) || ts.sys.fileExists(name);
  host.readFile = (name) => files.get(name) ?? readFile(name);
  host.getSourceFile = (name, version, onError) => {
    const text = files.get(name);
    if (text !== undefined) return ts.createSourceFile(name, text, version);
    if (!parsed.has(name)) parsed.set(name, getSourceFile(name, version, onError));
    return parsed.get(name);
  };
  const program = ts.createProgram([`${dir}client-program.ts`], options, host);
  return ts
    .getPreEmitDiagnostics(program)
    .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("a client generated from the document (openapi-typescript)", () => {
  it("types tasks and problem bodies, field errors included", async () => {
    expect(await typeErrors(document)).toEqual([]);
  });

  it("is checked for real: the same program fails when field errors are untyped", async () => {
    const typed = JSON.stringify(document);
    const untyped = typed.replace(
      '"items":{"$ref":"#/components/schemas/FieldError"}',
      '"items":{}',
    );
    expect(untyped).not.toBe(typed);
    const loose = JSON.parse(untyped) as OpenAPI3;
    expect((await typeErrors(loose)).join("\n")).toMatch(/field/);
  });
});
