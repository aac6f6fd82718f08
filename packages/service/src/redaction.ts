/**
 * Secrets kept out of log lines (SPEC R-O5): a field named like a credential, a token or
 * a cookie has its value replaced by "[redacted]", in the logged object and in every
 * object and array it holds, whatever the letter case of the name (`Authorization` as
 * `authorization`). Values are never changed in place: a copy is made along the way to
 * each secret, and what holds none is returned as it was.
 *
 * Ours rather than pino's `redact` option (decision 016): pino's paths name each depth
 * apart (`password`, `*.password`, `*.*.password`, …), and matching those wildcard paths
 * cost about 30 µs per line, a seventh of the API's CPU per list request under load
 * (docs/benchmarks.md); this walk costs a fraction of a microsecond for a request line,
 * and reaches every depth up to MAX_DEPTH, beyond which it keeps nothing.
 */

/** Field names whose values never reach a log (compared in lower case). */
export const SECRET_FIELDS: ReadonlySet<string> = new Set([
  "authorization",
  "cookie",
  "set-cookie",
  "password",
  "currentpassword",
  "newpassword",
  "token",
  "secret",
]);

export const CENSOR = "[redacted]";

/** Deeper than any line this code logs; what lies deeper is censored whole. */
export const MAX_DEPTH = 8;

type Container = Record<string, unknown> | unknown[];

/** A copy of `value` (an object or array) to write a censored field into. */
function copyOf(value: Container): Container {
  if (Array.isArray(value)) return [...value];
  // An Error's name and message are not its own enumerable fields: keep them readable.
  if (value instanceof Error)
    return Object.assign({ name: value.name, message: value.message }, value);
  return { ...value };
}

function redactAt(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (depth > MAX_DEPTH) return CENSOR;
  const container = value as Container;
  let copy: Container | undefined;
  for (const key of Object.keys(container)) {
    const field = (container as Record<string, unknown>)[key];
    const kept = SECRET_FIELDS.has(key.toLowerCase()) ? CENSOR : redactAt(field, depth + 1);
    if (kept !== field) {
      copy ??= copyOf(container);
      (copy as Record<string, unknown>)[key] = kept;
    }
  }
  return copy ?? value;
}

/** `value` with every secret field censored (see above); `value` itself when it holds none. */
export function redactSecrets<T>(value: T): T {
  return redactAt(value, 0) as T;
}
