import type { IncomingMessage, ServerResponse } from "node:http";
import { readWithin } from "./auth-route.ts";

export class BodyTooLarge extends Error {}

async function readBody(request: IncomingMessage, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const body = await readWithin(request, request.headers["content-length"], limit);
  if (!body) throw new BodyTooLarge();
  return body;
}

/**
 * A Node request as a Fetch `Request`. The URL's origin is the configured one, never the
 * client's Host header; the body is read whole, up to `limit` bytes.
 */
export async function toFetchRequest(
  request: IncomingMessage,
  origin: string,
  limit: number,
): Promise<Request> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  const method = request.method ?? "GET";
  const body = method === "GET" || method === "HEAD" ? undefined : await readBody(request, limit);
  return new Request(new URL(request.url ?? "/", origin), { method, headers, body });
}

/** A Fetch `Response` onto a Node response, every Set-Cookie kept apart. */
export async function sendFetchResponse(response: Response, target: ServerResponse): Promise<void> {
  const body = Buffer.from(await response.arrayBuffer());
  target.statusCode = response.status;
  for (const [name, value] of response.headers) {
    if (name !== "set-cookie") target.setHeader(name, value);
  }
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) target.setHeader("set-cookie", cookies);
  target.setHeader("content-length", body.length);
  target.end(body);
}
