/** Strict input (R-K10, decision 004): zod-openapi validates with this one `defaultHook`. */
import type { Hook } from "@hono/zod-openapi";
import { toFieldErrors } from "@tasks/contracts";
import { decodeUtf8 } from "@tasks/service/utf8";
import type { Context, MiddlewareHandler } from "hono";
import type { z } from "zod";
import type { AppEnv } from "./env.ts";
import { ApiError, invalid } from "./problem.ts";

/** At most this many field errors in one answer: an import can break thousands of rules. */
const ERRORS_SHOWN = 100;

/** The 400 naming each failed field (`prefix`: an import's CSV row; `root`: the whole input). */
export function failed(error: z.ZodError, root: string, prefix = ""): ApiError {
  const errors = toFieldErrors(error, root)
    .slice(0, ERRORS_SHOWN)
    .map((e) =>
      prefix ? { ...e, field: `${prefix}${e.field === root ? "" : `.${e.field}`}` } : e,
    );
  const fields = [...new Set(errors.map((e) => e.field))].join(", ");
  return new ApiError(
    "validation",
    `Invalid ${fields}: ${errors[0]?.message ?? ""}`.trim(),
    errors,
  );
}

function repeatedParameter(input: unknown): string | undefined {
  if (typeof input !== "object" || input === null) return undefined;
  return Object.entries(input).find(([, value]) => Array.isArray(value))?.[0];
}

const headerName = (lowerCase: string) =>
  lowerCase.replace(
    /(^|-)([a-z])/g,
    (_, dash: string, letter: string) => `${dash}${letter.toUpperCase()}`,
  );

/** Every router's `defaultHook`: throws the 400 naming each field, or a parameter given twice. */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result, c) => {
  if (result.success) return undefined;
  // strictBody took the content type away from an empty body: none was sent.
  if (result.target === "json" && !c.req.header("content-type")) {
    throw invalid("body", "A JSON body is required");
  }
  if (result.target === "query") {
    const repeated = repeatedParameter("data" in result ? result.data : undefined);
    if (repeated !== undefined) throw invalid(repeated, `Give ${repeated} at most once`);
    throw failed(result.error, "query");
  }
  if (result.target === "header") {
    const issue = result.error.issues[0];
    const name = headerName(String(issue?.path[0] ?? "header"));
    throw invalid(name, issue?.message ?? `Invalid ${name}`);
  }
  if (result.target === "param") {
    const issue = result.error.issues[0];
    const name = String(issue?.path[0] ?? "path");
    throw invalid(name, issue?.message ?? `Invalid ${name}`);
  }
  throw failed(result.error, "body");
};

/** The request's body as bytes (a body cut off is the error handler's 400). */
export async function readBodyBytes(c: Context): Promise<Buffer> {
  return Buffer.from(await c.req.arrayBuffer());
}

/** Strict UTF-8 text (400 naming `body`, R-A11), read after the content type was accepted. */
export function bodyText(bytes: Buffer): string {
  const text = decodeUtf8(bytes);
  if (text === undefined) throw invalid("body", "Body is not valid UTF-8 text");
  return text;
}

export const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** Before zod-openapi reads a JSON body: strict UTF-8 (R-A11), and an empty body is no body. */
export const strictBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD" || method === "DELETE") return next();
  const bytes = await readBodyBytes(c);
  if (bytes.length === 0) {
    const headers = new Headers(c.req.raw.headers);
    headers.delete("content-type");
    c.req.raw = new Request(c.req.raw.url, { method, headers });
  } else if (JSON_MEDIA_TYPE.test(c.req.header("content-type") ?? "")) {
    bodyText(bytes);
  }
  return next();
};

/** A query string's name or value decoded (`+` is a space), or undefined when it is malformed. */
function decodeQueryPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part.replaceAll("+", " "));
  } catch {
    return undefined;
  }
}

/**
 * Before zod-openapi reads the query: every name and value is percent-encoded UTF-8 (RFC 3986
 * §2.1; R-A11). Hono reads a malformed one as its own text (`q=%FF` as "%FF", the same as
 * `q=%25FF`): a 400 naming the parameter instead.
 */
export const strictQuery: MiddlewareHandler = async (c, next) => {
  const url = c.req.url;
  const start = url.indexOf("?");
  // Only a `%` can be malformed: most requests skip the loop (this runs on every list).
  if (start < 0 || !url.includes("%", start)) return next();
  for (const pair of url
    .slice(start + 1)
    .split("#")[0]
    ?.split("&") ?? []) {
    const at = pair.indexOf("=");
    const name = decodeQueryPart(at < 0 ? pair : pair.slice(0, at));
    if (name === undefined) throw invalid("query", "Query names must be percent-encoded UTF-8");
    if (at >= 0 && decodeQueryPart(pair.slice(at + 1)) === undefined) {
      throw invalid(name, `${name} must be percent-encoded UTF-8 text`);
    }
  }
  return next();
};
