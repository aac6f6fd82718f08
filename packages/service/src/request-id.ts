import { randomUUID } from "node:crypto";

export const REQUEST_ID_HEADER = "x-request-id";

/** A client's own request id: short, and nothing that breaks a log line or a header. */
const ACCEPTED = /^[\w.:-]{1,128}$/;

/** The request id (R-O5): the incoming `X-Request-Id` when acceptable, else a new UUID. */
export function requestIdOf(incoming: string | null | undefined): string {
  return incoming && ACCEPTED.test(incoming) ? incoming : randomUUID();
}
