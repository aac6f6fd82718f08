/**
 * The HTTP server both services run on: node:http with defined answers for methods no
 * resource implements (SPEC R-O9), before the application sees the request.
 *
 * - Methods Node's parser knows but nothing here implements (TRACE and the like): 501.
 *   (Both services turn requests into Fetch `Request`s, whose constructor throws on
 *   TRACE, TRACK and CONNECT: they must never get that far.)
 * - Method tokens Node's parser does not know at all (TRACK, FOO): 501, instead of the
 *   parser's 400.
 * - CONNECT, which Node hands to a 'connect' listener or else drops the connection: 501.
 */
import http from "node:http";
import type { Duplex } from "node:stream";

/** The methods some resource of either service implements. */
export const IMPLEMENTED_METHODS: readonly string[] = [
  "GET",
  "HEAD",
  "POST",
  "PUT",
  "PATCH",
  "DELETE",
  "OPTIONS",
];

const NOT_IMPLEMENTED_BODY = JSON.stringify({
  type: "about:blank",
  title: "Not implemented",
  status: 501,
  detail: "This method is not implemented by this server.",
});

/** A complete 501 answer, for writing straight to a socket. */
const RAW_NOT_IMPLEMENTED =
  "HTTP/1.1 501 Not Implemented\r\n" +
  "Content-Type: application/problem+json\r\n" +
  `Allow: ${IMPLEMENTED_METHODS.join(", ")}\r\n` +
  "Cache-Control: no-store\r\n" +
  "Connection: close\r\n" +
  `Content-Length: ${Buffer.byteLength(NOT_IMPLEMENTED_BODY)}\r\n\r\n` +
  NOT_IMPLEMENTED_BODY;

/**
 * The answer to a request Node's parser refused, written as Node writes its own when no
 * 'clientError' listener is set (a write, then the socket is destroyed), but 501 for a
 * method token it does not know.
 */
function parserRefusal(code: string | undefined): string {
  if (code === "HPE_INVALID_METHOD") return RAW_NOT_IMPLEMENTED;
  if (code === "HPE_HEADER_OVERFLOW") {
    return "HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n";
  }
  if (code === "ERR_HTTP_REQUEST_TIMEOUT") {
    return "HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n";
  }
  return "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
}

/**
 * An http.Server running `listener` for every request whose method is implemented, and
 * answering the others itself, as described above. Listen on it as on any server.
 */
export function createHttpServer(listener: http.RequestListener): http.Server {
  const server = http.createServer((request, response) => {
    if (IMPLEMENTED_METHODS.includes(request.method ?? "")) {
      listener(request, response);
      return;
    }
    response.writeHead(501, {
      "content-type": "application/problem+json",
      allow: IMPLEMENTED_METHODS.join(", "),
      "cache-control": "no-store",
      connection: "close",
    });
    response.end(NOT_IMPLEMENTED_BODY);
  });
  // The socket is ours once Node hands over a CONNECT: answer, and close when the client has read it.
  server.on("connect", (_request: http.IncomingMessage, socket: Duplex) => {
    socket.end(RAW_NOT_IMPLEMENTED);
    setTimeout(() => socket.destroy(), 5_000).unref();
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (socket.writable && error.code !== "ECONNRESET") socket.write(parserRefusal(error.code));
    socket.destroy();
  });
  return server;
}
