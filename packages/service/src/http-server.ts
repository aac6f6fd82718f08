/**
 * The HTTP server both services run on: node:http, with a defined answer for every
 * method (SPEC R-O9) and for every refused body (R-O10), before and after the app.
 *
 * - Methods Node's parser knows but no resource here implements (TRACE, PROPFIND, …):
 *   501. Both services turn requests into Fetch `Request`s, whose constructor throws on
 *   TRACE, TRACK and CONNECT: those must never get that far.
 * - Method tokens Node's parser does not know (TRACK, FOO, lower-case `trace`): 501,
 *   instead of the parser's bare 400. Other parse errors get the answer Node gives.
 * - CONNECT, which Node hands to a 'connect' listener or else drops without a word: 501.
 * - The part of a body the app did not read is discarded after the answer, or the
 *   connection closed without a reset (unread-body.ts).
 */
import http from "node:http";
import type { Duplex } from "node:stream";
import { guardUnreadBody, IDLE_MS } from "./unread-body.ts";

/** The methods some resource of either service implements; the rest are not implemented. */
export const IMPLEMENTED_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

/** The default 501 problem (RFC 9457); a service may give its own `type`. */
const DEFAULT_NOT_IMPLEMENTED = {
  type: "about:blank",
  title: "Not implemented",
  status: 501,
  detail: "This server does not implement this method.",
};

/** The whole 501 answer with `body`, for a socket that carries no request to answer through. */
function rawNotImplemented(body: string): string {
  return [
    "HTTP/1.1 501 Not Implemented",
    "Content-Type: application/problem+json",
    `Content-Length: ${Buffer.byteLength(body)}`,
    "Cache-Control: no-store",
    "X-Content-Type-Options: nosniff",
    "Connection: close",
    "",
    body,
  ].join("\r\n");
}

/** Node's own answers to the other parse errors, as its default handler writes them. */
const NODE_ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "413 Payload Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/** Writes `answer`, then closes once the client has (or after IDLE_MS), without a reset. */
function answerAndClose(socket: Duplex, answer: string): void {
  socket.on("error", () => {}); // a client gone away is nobody's error
  socket.end(answer);
  socket.resume(); // whatever else arrives is discarded, not left to cause a reset
  const timer = setTimeout(() => socket.destroy(), IDLE_MS).unref();
  socket.once("close", () => clearTimeout(timer));
}

const answered = new WeakSet<Duplex>();

/**
 * Node's `clientError`: an unknown method is `notImplemented` (a raw 501); other parse
 * errors get the answer Node would have given. Nothing is logged: a malformed request is
 * the client's problem. Node may report several errors for one connection: only the
 * first is answered.
 */
function answerClientError(
  error: Error & { code?: string },
  socket: Duplex,
  notImplemented: string,
): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  // Node's own test: an answer already on its way must not be corrupted.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === "HPE_INVALID_METHOD") {
    answerAndClose(socket, notImplemented);
    return;
  }
  const status = NODE_ANSWERS[error.code ?? ""] ?? "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

export interface HttpServerOptions {
  /** The 501 problem body, for a service whose problem types have their own URIs. */
  notImplemented?: { type: string; title: string; status: number; detail: string };
}

/**
 * An http.Server running `listener` for every request with an implemented method, and
 * answering the rest itself, as described above. Listen on it as on any server.
 */
export function createHttpServer(
  listener: http.RequestListener,
  { notImplemented = DEFAULT_NOT_IMPLEMENTED }: HttpServerOptions = {},
): http.Server {
  const body = JSON.stringify(notImplemented);
  const raw = rawNotImplemented(body);
  const server = http.createServer((request, response) => {
    guardUnreadBody(request, response);
    if (!IMPLEMENTED_METHODS.has(request.method ?? "")) {
      response.writeHead(501, {
        "content-type": "application/problem+json",
        "content-length": Buffer.byteLength(body),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      });
      response.end(body);
      return;
    }
    listener(request, response);
  });
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) =>
    answerClientError(error, socket, raw),
  );
  server.on("connect", (_request: http.IncomingMessage, socket: Duplex) =>
    answerAndClose(socket, raw),
  );
  return server;
}
