/** Reading request input strictly: JSON bodies, query strings and path ids. */
import { toFieldErrors } from "@tasks/contracts";
import type { Context } from "hono";
import type { z } from "zod";
import { ApiError, invalid } from "./problem.ts";

function failed(error: z.ZodError, root: string): ApiError {
  const errors = toFieldErrors(error, root);
  const fields = [...new Set(errors.map((e) => e.field))].join(", ");
  return new ApiError(
    "validation",
    `Invalid ${fields}: ${errors[0]?.message ?? ""}`.trim(),
    errors,
  );
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/** The JSON body, or `undefined` when the request has an empty body. */
async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text === "") return undefined;
  if (!JSON_MEDIA_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new ApiError("unsupported-media-type", "Send the body as application/json.");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw invalid("body", "Body is not valid JSON");
  }
}

function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw failed(result.error, "body");
  return result.data;
}

export async function parseBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.output<S>> {
  const body = await readJson(c);
  if (body === undefined) throw invalid("body", "A JSON body is required");
  return validate(schema, body);
}

/** Like parseBody, but an empty body is allowed and gives `undefined`. */
export async function parseOptionalBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.output<S> | undefined> {
  const body = await readJson(c);
  return body === undefined ? undefined : validate(schema, body);
}

/** Each parameter at most once; repeated ones are refused rather than guessed at. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries();
  // No prototype: a parameter named `__proto__` must reach the schema (and be refused).
  const single: Record<string, string> = Object.create(null);
  for (const [name, values] of Object.entries(all)) {
    if (values.length > 1) throw invalid(name, `Give ${name} at most once`);
    single[name] = values[0] ?? "";
  }
  const result = schema.safeParse(single);
  if (!result.success) throw failed(result.error, "query");
  return result.data;
}

export function parseParam<S extends z.ZodType>(
  schema: S,
  name: string,
  value: string,
): z.output<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw invalid(name, result.error.issues[0]?.message ?? `Invalid ${name}`);
  return result.data;
}
