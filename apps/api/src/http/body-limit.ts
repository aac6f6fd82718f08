/** 413 over 32 KiB, or 5 MiB for an import (R-K10, R-K20); the unread rest is discarded. */
import { IMPORT_BYTES_MAX } from "@tasks/contracts";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { ApiError } from "./problem.ts";

export const MAX_BODY_BYTES = 32 * 1024;

const limit = (maxSize: number, size: string) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw new ApiError("payload-too-large", `The request body is over ${size}.`);
    },
  });
const importLimit = limit(IMPORT_BYTES_MAX, "5 MiB");
const otherLimit = limit(MAX_BODY_BYTES, "32 KiB");

/** GET and HEAD carry no body: they pass without building a fetch Request (decision 012). */
export const limitBody: MiddlewareHandler = (c, next) => {
  const method = c.req.method;
  if (method === "GET" || method === "HEAD") return next();
  const isImport = method === "POST" && c.req.path.endsWith("/tasks/import");
  return (isImport ? importLimit : otherLimit)(c, next);
};
