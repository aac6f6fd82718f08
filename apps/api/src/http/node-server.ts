/**
 * The HTTP server around the app (src/index.ts): @hono/node-server, plus what must be
 * answered before, or after, a Node request becomes a fetch Request.
 *
 * - Methods that never reach the app: Node's parser refuses tokens it does not know
 *   (TRACK, FOO, lower-case `trace`) with a bare 400, and drops CONNECT without a word
 *   unless someone listens. Both are answered 501 with a problem body (R-O9).
 * - The unread rest of a refused body is discarded, or the connection closed gracefully
 *   (unread-body.ts, R-O10); @hono/node-server's own clean-up is off.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Duplex } from "node:stream";
import { serve } from "@hono/node-server";
import { problemBody } from "./problem.ts";
import { guardUnreadBody, IDLE_MS } from "./unread-body.ts";

export interface ServeOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  hostname: string;
  port: number;
}

/** Node's own answers to the other parse errors, as its default handler writes them. */
const NODE_ANSWERS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: "431 Request Header Fields Too Large",
  HPE_CHUNK_EXTENSIONS_OVERFLOW: "413 Payload Too Large",
  ERR_HTTP_REQUEST_TIMEOUT: "408 Request Timeout",
};

/** A whole 501 answer, written straight to the socket: there is no request to answer through. */
function notImplementedAnswer(): string {
  const body = JSON.stringify(
    problemBody("not-implemented", "This server does not implement this method."),
  );
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
 * Node's `clientError`: an unknown method is 501; other parse errors get the answer Node
 * would have given. Nothing is logged: a malformed request is the client's problem.
 * Node may report several errors for one connection: only the first is answered.
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  if (answered.has(socket)) return;
  answered.add(socket);
  // Node's own test: an answer already on its way must not be corrupted.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === "ECONNRESET" || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  if (error.code === "HPE_INVALID_METHOD") {
    answerAndClose(socket, notImplementedAnswer());
    return;
  }
  const status = NODE_ANSWERS[error.code ?? ""] ?? "400 Bad Request";
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

/**
 * Serves `fetch` on `hostname:port` (port 0 picks a free one) and returns the node:http
 * server; `onListening` gets the bound address.
 */
export function serveApi(
  { fetch, hostname, port }: ServeOptions,
  onListening?: (info: AddressInfo) => void,
): Server {
  // Plain HTTP/1.1 (no `createServer` option), so this is a node:http Server.
  const server = serve(
    { fetch, hostname, port, autoCleanupIncoming: false },
    onListening,
  ) as Server;
  server.prependListener("request", guardUnreadBody);
  server.on("clientError", answerClientError);
  server.on("connect", (_request, socket: Duplex) =>
    answerAndClose(socket, notImplementedAnswer()),
  );
  return server;
}
