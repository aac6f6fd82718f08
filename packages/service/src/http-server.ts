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
 * - Request targets are made origin-form without dot segments (absolute-form → its path,
 *   its host as `Host`); `OPTIONS *` is answered; `*` with another method, and paths whose
 *   percent-encoding is broken, are 400 (RFC 9112 §3.2).
 * - The part of a body the app did not read (a refused one: R-O10) is read and discarded
 *   after the answer, so the connection stays open for the next request: closing a socket
 *   while its client is still sending makes the kernel reset it, and the client loses even
 *   the answer (DESIGN.md, "Facts learned the hard way").
 */
import http from "node:http";
import type { Duplex } from "node:stream";

/** How long a connection answered and closed by the server itself may linger. */
const IDLE_MS = 5_000;

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

/** Each connection's latest request and its answer: answers go out in request order. */
const latest = new WeakMap<
  Duplex,
  { request: http.IncomingMessage; response: http.ServerResponse }
>();

/**
 * Runs `then` once the answers the socket owes for requests before the broken one are
 * written: Node serves pipelined requests in order, and an answer written straight to
 * the socket would otherwise overtake them (and be taken for theirs).
 */
function afterOwedAnswers(socket: Duplex, then: () => void): void {
  const owed = latest.get(socket)?.response;
  if (owed && !owed.writableFinished) {
    owed.once("close", () => setImmediate(() => afterOwedAnswers(socket, then)));
    return;
  }
  then();
}

/** After the answer, the rest of an unread body is read and thrown away (see above). */
function discardUnreadBody(request: http.IncomingMessage, response: http.ServerResponse): void {
  if (request.headers["content-length"] === undefined && !request.headers["transfer-encoding"]) {
    return;
  }
  response.once("finish", () => {
    if (request.readableEnded) return;
    request.removeAllListeners("data"); // a fetch stream adapter's, which paused it
    request.resume();
  });
}

/**
 * Node's `clientError`: an unknown method is `notImplemented` (a raw 501); other parse
 * errors get the answer Node would have given. Nothing is logged: a malformed request is
 * the client's problem. Node may report several errors for one connection: only the
 * first is answered, after the answers to the requests before it (pipelined).
 */
function answerClientError(
  error: Error & { code?: string },
  socket: Duplex,
  notImplemented: string,
): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  // The error is the request in flight's own (its body cut off, or broken framing): as
  // Node does, the connection goes, and with it that request's body (its reader fails).
  const inFlight = latest.get(socket)?.request;
  if (error.code === "ECONNRESET" || !socket.writable || (inFlight && !inFlight.complete)) {
    socket.destroy();
    return;
  }
  const status = NODE_ANSWERS[error.code ?? ""] ?? "400 Bad Request";
  const answer =
    error.code === "HPE_INVALID_METHOD"
      ? notImplemented
      : `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
  afterOwedAnswers(socket, () => {
    if (socket.writable) answerAndClose(socket, answer);
    else socket.destroy();
  });
}

/**
 * The request target as an origin server routes it (RFC 9112 §3.2; RFC 3986 §5.2.4):
 * absolute-form (`http://host/path`) becomes its path and query, the host it names
 * replacing `Host`; dot segments are removed (`/api/../x` is `/x`, for the app and for
 * every check before it alike); `*` (OPTIONS only) is answered here, and a target that is
 * no URL path, or whose percent-encoding is broken, is refused. Returns the status to
 * answer with, or undefined when the request may go on with `request.url` rewritten.
 */
function normaliseTarget(request: http.IncomingMessage): number | undefined {
  const target = request.url ?? "";
  if (target === "*") return request.method === "OPTIONS" ? 204 : 400;
  let url: URL;
  try {
    // An origin-form target is a path, whatever it starts with: `//host/x` is the path
    // `//host/x` (RFC 9112 §3.2.1), never a host to resolve against.
    url = target.startsWith("/") ? new URL(`http://origin.invalid${target}`) : new URL(target);
    decodeURIComponent(url.pathname);
  } catch {
    return 400;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return 400;
  if (!target.startsWith("/")) request.headers.host = url.host;
  request.url = `${url.pathname}${url.search}`;
  return undefined;
}

/** A problem answer of the server's own (before the app sees the request). */
function answerDirectly(response: http.ServerResponse, status: number, problem: object): void {
  const body = JSON.stringify(problem);
  response.writeHead(status, {
    "content-type": "application/problem+json",
    "content-length": Buffer.byteLength(body),
    "cache-control": "no-store",
    "x-content-type-options": "nosniff",
  });
  response.end(body);
}

const BAD_TARGET = {
  type: "about:blank",
  title: "Bad request",
  status: 400,
  detail: "The request target is not a path on this server.",
};

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
  const raw = rawNotImplemented(JSON.stringify(notImplemented));
  const server = http.createServer((request, response) => {
    latest.set(request.socket, { request, response });
    discardUnreadBody(request, response);
    if (!IMPLEMENTED_METHODS.has(request.method ?? "")) {
      answerDirectly(response, 501, notImplemented);
      return;
    }
    const refused = normaliseTarget(request);
    if (refused === 204) {
      // OPTIONS *: what the server as a whole implements (RFC 9110 §9.3.7).
      response.writeHead(204, { allow: [...IMPLEMENTED_METHODS].join(", ") }).end();
      return;
    }
    if (refused) {
      answerDirectly(response, refused, BAD_TARGET);
      return;
    }
    listener(request, response);
  });
  server.on("clientError", (error: Error & { code?: string }, socket: Duplex) =>
    answerClientError(error, socket, raw),
  );
  server.on("connect", (_request: http.IncomingMessage, socket: Duplex) =>
    afterOwedAnswers(socket, () => answerAndClose(socket, raw)),
  );
  return server;
}
