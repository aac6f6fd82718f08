/** `If-Match` on task writes (RFC 9110 §13.1.1, R-K17): the ETag is the version, compared strongly. */
import { invalid } from "../../http/problem.ts";

const VERSION = /^[1-9][0-9]{0,9}$/;
/** etagc (RFC 9110 §8.8.3): %x21 / %x23-7E / obs-text. A comma is one of them. */
const ETAGC = /[\x21\x23-\x7e\x80-\xff]/;
const OWS = /[ \t]/;

export interface EntityTag {
  weak: boolean;
  opaque: string;
}

/** The entity-tags of an `If-Match` value (RFC 9110 §5.6.1), or undefined when it is none. */
export function parseEntityTags(value: string): EntityTag[] | "*" | undefined {
  if (value.replace(/^[ \t]+|[ \t]+$/g, "") === "*") return "*";
  const tags: EntityTag[] = [];
  let at = 0;
  const skip = (pattern: RegExp) => {
    while (at < value.length && pattern.test(value.charAt(at))) at++;
  };
  while (at < value.length) {
    skip(/[ \t,]/);
    if (at === value.length) break;
    const weak = value.startsWith("W/", at);
    if (weak) at += 2;
    if (value.charAt(at) !== '"') return undefined;
    const start = ++at;
    skip(ETAGC);
    if (value.charAt(at) !== '"') return undefined;
    tags.push({ weak, opaque: value.slice(start, at++) });
    skip(OWS);
    if (at < value.length && value.charAt(at) !== ",") return undefined;
  }
  return tags.length > 0 ? tags : undefined;
}

/** The versions `If-Match` accepts: undefined without a condition; 400 for a malformed value. */
export function readIfMatch(value: string | undefined): number[] | undefined {
  if (value === undefined) return undefined;
  const tags = parseEntityTags(value);
  if (tags === "*") return undefined;
  if (tags === undefined) {
    throw invalid("If-Match", 'If-Match must be * or a list of ETags, such as "3"');
  }
  return tags.flatMap(({ weak, opaque }) =>
    !weak && VERSION.test(opaque) ? [Number(opaque)] : [],
  );
}

export const etagOf = (version: number) => `"${version}"`;
