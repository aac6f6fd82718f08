/**
 * `If-Match` (RFC 9110 §13.1.1) on a task's writes (SPEC R-K17). A task's ETag is its
 * version in quotes, a strong validator: `If-Match` compares strongly, so a weak tag
 * (`W/"3"`) never matches. `*` matches any current task, which is what a write without
 * a condition does already.
 */
import { invalid } from "../http/problem.ts";

/** One entity-tag: optional `W/`, then a quoted string of etagc characters (§8.8.3). */
const ENTITY_TAG = /^\s*(W\/)?"([\x21\x23-\x7e\x80-\xff]*)"\s*$/;
const VERSION = /^[1-9][0-9]{0,9}$/;

/**
 * The task versions an `If-Match` value accepts: undefined when there is no condition
 * (no header, or `*`), else the versions its strong tags name (possibly none, so that
 * nothing matches). A value that is not `*` or a list of entity-tags is 400.
 */
export function readIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined || value.trim() === "*") return undefined;
  const versions: number[] = [];
  for (const element of value.split(",")) {
    const match = ENTITY_TAG.exec(element);
    if (!match) {
      throw invalid("If-Match", 'If-Match must be * or a list of ETags, such as "3"');
    }
    const [, weak, opaque = ""] = match;
    if (!weak && VERSION.test(opaque)) versions.push(Number(opaque));
  }
  return versions;
}

/** The ETag header of a task at `version`. */
export const etagOf = (version: number) => `"${version}"`;
