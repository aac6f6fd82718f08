import { randomUUID } from "node:crypto";

/** The header a request id travels in, both ways. */
export const REQUEST_ID_HEADER = "x-request-id";

/**
 * What a client (or a proxy in front) may send as its own request id: short, and only
 * characters that cannot break a log line or a header.
 */
const ACCEPTED = /^[\w.:-]{1,128}$/;

/**
 * The request id for a request (SPEC R-O5): the incoming `X-Request-Id` when it is
 * acceptable, so a trace crosses services, or a new random UUID.
 */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && ACCEPTED.test(incoming) ? incoming : randomUUID();
}
