/**
 * 413 for a request body over 32 KiB, or 5 MiB for an import (R-K10, R-K20), decided without reading a body whose length
 * is declared. What happens to the rest of a refused body on the connection is the
 * server's business (packages/service/src/unread-body.ts), not the app's.
 */
import { IMPORT_BYTES_MAX } from "@tasks/contracts";
import type { Context, MiddlewareHandler } from "hono";
import { ApiError, invalid } from "./problem.ts";

export const MAX_BODY_BYTES = 32 * 1024;

/** An import (R-K20) may carry 5 MiB; every other body 32 KiB. */
const limitOf = (c: Context) =>
  c.req.method === "POST" && c.req.path.endsWith("/tasks/import")
    ? IMPORT_BYTES_MAX
    : MAX_BODY_BYTES;

const tooLarge = (limit: number) =>
  new ApiError(
    "payload-too-large",
    limit >= 1024 * 1024
      ? `The request body is over ${limit / 1024 / 1024} MiB.`
      : `The request body is over ${limit / 1024} KiB.`,
  );

/**
 * A body that stopped arriving (the client went away, or broke its chunked framing): the
 * client's doing, answered 400 if anyone is still there, and not an error of ours.
 */
export const bodyCutOff = () => invalid("body", "The request body was cut off");

/**
 * GET and HEAD pass untouched (no body here; looking would build a fetch Request on the
 * busiest path: decision 012). A declared `Content-Length` is compared with the limit and
 * the body left alone: Node's parser holds the client to the length it declared, and an
 * unread body costs nothing. Without one (chunked, or a test's in-process request) the
 * body is read here, counted as it arrives, and refused as soon as it is over the limit.
 */
export const limitBody: MiddlewareHandler = async (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD") return next();
  const limit = limitOf(c);
  const declared = c.req.header("content-length");
  if (declared !== undefined && /^\d+$/.test(declared) && !c.req.header("transfer-encoding")) {
    if (Number(declared) > limit) throw tooLarge(limit);
    return next();
  }
  const body = c.req.raw.body;
  if (!body) return next();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  for (;;) {
    const { done, value } = await reader.read().catch(() => {
      throw bodyCutOff();
    });
    if (done) break;
    size += value.byteLength;
    if (size > limit) throw tooLarge(limit);
    chunks.push(value);
  }
  c.req.raw = new Request(c.req.raw, { body: Buffer.concat(chunks) });
  return next();
};
