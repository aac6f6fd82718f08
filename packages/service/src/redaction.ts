/**
 * Secrets kept out of log lines (SPEC R-O5): a field named like a credential, a token or
 * a cookie has its value replaced by "[redacted]", in the logged object and in every
 * object, array and error it holds (an error's `cause` and `errors` too), whatever the
 * letter case of the name (`Authorization` as `authorization`). Values are never changed
 * in place: a copy is made along the way to each secret, and what holds none is returned
 * as it was.
 *
 * Ours rather than pino's `redact` option (decision 016): pino's paths name each depth
 * apart (`password`, `*.password`, `*.*.password`, …), and matching those wildcard paths
 * cost about 30 µs per line, a seventh of the API's CPU per list request under load
 * (docs/benchmarks.md); this walk costs a fraction of a microsecond for a request line.
 * It is bounded: what lies deeper than MAX_DEPTH, or past the first MAX_FIELDS fields of
 * a line, is censored whole, so no line can hold up the event loop.
 */

/** Field names whose values never reach a log (compared in lower case). */
const SECRET_FIELDS: ReadonlySet<string> = new Set([
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
/** Written for a field whose getter throws. */
const UNREADABLE = "[unreadable]";

/** Deeper than any line this code logs. */
export const MAX_DEPTH = 8;
/** More fields than any line this code logs, however nested. */
const MAX_FIELDS = 10_000;

interface Walk {
  fieldsLeft: number;
}

/** The fields to look into: own enumerable ones, and an error's cause and inner errors. */
function fieldNames(value: object): string[] {
  const names = Object.keys(value);
  if (value instanceof Error) {
    for (const name of ["cause", "errors"])
      if (name in value && !names.includes(name)) names.push(name);
  }
  return names;
}

function read(value: object, name: string): unknown {
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return UNREADABLE;
  }
}

/**
 * A copy of `value` with `fields` (read once) in place of its own. An error stays an
 * error of its kind, with its message and stack, so pino's error serializer still
 * writes its `type`.
 */
function copyWith(value: object, fields: [string, unknown][]): object {
  if (Array.isArray(value)) return fields.map(([, field]) => field);
  const copy: Record<string, unknown> = {};
  if (value instanceof Error) {
    Object.setPrototypeOf(copy, Object.getPrototypeOf(value));
    Object.assign(copy, { message: value.message, stack: value.stack });
  }
  for (const [name, field] of fields) copy[name] = field;
  return copy;
}

function redactAt(value: unknown, depth: number, walk: Walk): unknown {
  if (value === null || typeof value !== "object" || ArrayBuffer.isView(value)) return value;
  if (depth > MAX_DEPTH) return CENSOR;
  const fields: [string, unknown][] = [];
  let changed = false;
  for (const name of fieldNames(value)) {
    if (--walk.fieldsLeft < 0) return CENSOR;
    const field = read(value, name);
    const kept = SECRET_FIELDS.has(name.toLowerCase()) ? CENSOR : redactAt(field, depth + 1, walk);
    if (kept !== field || field === UNREADABLE) changed = true;
    fields.push([name, kept]);
  }
  return changed ? copyWith(value, fields) : value;
}

/** `value` with every secret field censored (see above); `value` itself when it holds none. */
export function redactSecrets<T>(value: T): T {
  return redactAt(value, 0, { fieldsLeft: MAX_FIELDS }) as T;
}
