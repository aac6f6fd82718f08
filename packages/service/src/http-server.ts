/** The services' node:http server: 501 for unknown methods (R-O9), origin-form targets (RFC 9112 §3.2), bodies drained (R-O10). */
import http from "node:http";
import type { Duplex } from "node:stream";

const IDLE_MS = 5_000;

export const IMPLEMENTED_METHODS: ReadonlySet<string> = new Set([
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
]);

const DEFAULT_NOT_IMPLEMENTED = {
  type: "about:blank",
  title: "Not implemented",
  status: 501,
  detail: "This server does not implement this method.",
};

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

const latest = new WeakMap<
  Duplex,
  { request: http.IncomingMessage; response: http.ServerResponse }
>();

/** Runs `then` once the answers owed to pipelined requests before are written. */
function afterOwedAnswers(socket: Duplex, then: () => void): void {
  const owed = latest.get(socket)?.response;
  if (owed && !owed.writableFinished) {
    owed.once("close", () => setImmediate(() => afterOwedAnswers(socket, then)));
    return;
  }
  then();
}

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

/** Node's `clientError`: 501 for an unknown method, else Node's answer; only the first, unlogged. */
function answerClientError(
  error: Error & { code?: string },
  socket: Duplex,
  notImplemented: string,
): void {
  if (answered.has(socket)) return;
  answered.add(socket);
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

/** Rewrites `request.url` origin-form (RFC 3986 §5.2.4); the status to answer instead, if any. */
function normaliseTarget(request: http.IncomingMessage): number | undefined {
  const target = request.url ?? "";
  if (target === "*") return request.method === "OPTIONS" ? 204 : 400;
  let url: URL;
  try {
    // `//host/x` is a path (RFC 9112 §3.2.1), never a host.
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
  notImplemented?: { type: string; title: string; status: number; detail: string };
}

/** An http.Server running `listener` for the requests it does not answer itself (above). */
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
