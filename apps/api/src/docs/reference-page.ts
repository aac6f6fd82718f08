/** /docs: the OpenAPI document as plain HTML and inline CSS, loading nothing from elsewhere. */
import { problemTypes } from "../http/problem.ts";
import type { OpenApiDocument } from "./openapi.ts";

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const code = (text: string) => `<code>${escapeHtml(text)}</code>`;

const prose = (text: string) => escapeHtml(text).replace(/`([^`]+)`/g, "<code>$1</code>");

interface Operation {
  summary?: string;
  description?: string;
  parameters?: { name: string; in: string; description?: string; schema?: unknown }[];
  requestBody?: { required?: boolean; content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { description: string }>;
}

const refName = (ref: string) => ref.split("/").at(-1) ?? ref;

function renderOperation(
  method: string,
  path: string,
  operation: Operation,
  shared: Operation["parameters"],
) {
  const params = [...(shared ?? []), ...(operation.parameters ?? [])];
  const body = operation.requestBody
    ? Object.values(operation.requestBody.content)[0]?.schema.$ref
    : undefined;
  return `<section class="op">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> ${code(path)}</h3>
  <p>${prose(operation.summary ?? "")}. ${prose(operation.description ?? "")}</p>
  ${params.length ? `<h4>Parameters</h4><ul>${params.map((p) => `<li>${code(p.name)} (${p.in}) ${code(JSON.stringify(p.schema))} ${prose(p.description ?? "")}</li>`).join("")}</ul>` : ""}
  ${body ? `<h4>Body</h4><p><a href="#schema-${refName(body)}">${refName(body)}</a>${operation.requestBody?.required ? "" : " (optional)"}</p>` : ""}
  <h4>Responses</h4><ul>${Object.entries(operation.responses)
    .map(([status, r]) => `<li><strong>${status}</strong> ${escapeHtml(r.description)}</li>`)
    .join("")}</ul>
</section>`;
}

export function renderReferencePage(document: OpenApiDocument): string {
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, item]) => {
    const { parameters, ...methods } = item as Record<string, unknown> & {
      parameters?: Operation["parameters"];
    };
    return Object.entries(methods).map(([method, op]) =>
      renderOperation(method, path, op as Operation, parameters),
    );
  });
  const schemas = Object.entries(document.components?.schemas ?? {}).map(
    ([name, schema]) =>
      `<section id="schema-${name}"><h3>${name}</h3><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></section>`,
  );
  const problems = Object.entries(problemTypes).map(
    ([code, { status, title }]) =>
      `<li id="problem-${code}"><strong>${status} ${title}</strong> ${escapeHtml(`/docs#problem-${code}`)}</li>`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(document.info.title)} reference</title>
<style>
body{font:16px/1.5 system-ui,sans-serif;max-width:56rem;margin:0 auto;padding:1rem;color:#1f2328;background:#fff}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}pre,code{background:#161b22!important}}
code,pre{font-family:ui-monospace,monospace;background:#f6f8fa;border-radius:4px;padding:0 .25rem}
pre{padding:.75rem;overflow:auto}.op{border-top:1px solid #8884;padding:.5rem 0}
.method{font-family:ui-monospace,monospace;padding:.1rem .4rem;border-radius:4px;color:#fff;background:#57606a}
.get{background:#0969da}.post{background:#1a7f37}.put{background:#9a6700}.patch{background:#8250df}.delete{background:#cf222e}
</style></head><body>
<h1>${escapeHtml(document.info.title)}</h1>
<p>${prose(document.info.description ?? "")}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${document.openapi}).</p>
<h2>Endpoints</h2>${operations.join("\n")}
<h2>Schemas</h2>${schemas.join("\n")}
<h2>Problem types</h2><p>Every error body is <code>application/problem+json</code> with <code>type</code>, <code>title</code>, <code>status</code>, <code>detail</code>, and for invalid input <code>errors</code>: a list of <code>{field, message}</code>.</p>
<ul>${problems.join("")}</ul>
</body></html>`;
}
