/**
 * What happens to the part of a request body the app did not read (R-O10). Refused
 * requests (401, 403, 413, 415, …) are answered without reading all of their body, and a
 * client may still be sending it: the connection must neither stall nor be reset.
 *
 * - After the answer, the rest is read and thrown away, so the connection stays usable
 *   for the next request (keep-alive), up to DRAIN_MAX_BYTES.
 * - An answer written while the body is still arriving says `Connection: close` when how
 *   much is left cannot be known or is too much to read: a chunked body, or one declared
 *   larger than DRAIN_MAX_BYTES. So does any answer Node closes the connection after (a
 *   client's `Connection: close`, HTTP/1.0).
 *   Closing then is a lingering close: the answer, then FIN, then reading and discarding
 *   until the client has sent everything, and only then closing the socket. Closing a
 *   socket with data still arriving makes the kernel send RST, and a client that is still
 *   sending loses even the answer it was sent (DESIGN.md, "Facts learned the hard way").
 * - A body still arriving after DISCARD_MS, or pausing for IDLE_MS while lingering, is cut off.
 *
 * Without this, @hono/node-server's own clean-up (autoCleanupIncoming) stops reading after
 * 500 ms, and does not manage that much once a fetch stream adapter has paused the body:
 * a 2 MB body refused with 413 reset the next request on the connection, every time.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import onHeaders from "on-headers";

/** How much of an unread body is discarded to keep a connection open. */
export const DRAIN_MAX_BYTES = 4 * 1024 * 1024;
/** How long an unread body may keep arriving after the answer. */
export const DISCARD_MS = 30_000;
/** How long a lingering close waits for the next bytes of a body. */
export const IDLE_MS = 5_000;

/**
 * Prepares a request whose body may go unread: for Node's `request` event, before the
 * app's listener. A request without a body (most GETs) costs two header look-ups.
 */
export function guardUnreadBody(req: IncomingMessage, res: ServerResponse): void {
  const declared = req.headers["content-length"];
  if (declared === undefined && req.headers["transfer-encoding"] === undefined) return;
  const mayBeTooMuch = declared === undefined || Number(declared) > DRAIN_MAX_BYTES;
  onHeaders(res, () => {
    if (!req.complete && mayBeTooMuch) res.setHeader("connection", "close");
  });
  // Before Node's own `finish` listener, which closes a `Connection: close` socket at once.
  res.prependOnceListener("finish", () => {
    if (!req.readableEnded) discardRest(req, req.socket);
  });
}

function discardRest(req: IncomingMessage, socket: Socket): void {
  let received = 0;
  let closing = false;
  const deadline = setTimeout(() => socket.destroy(), DISCARD_MS).unref();
  const close = () => {
    if (closing) return;
    closing = true;
    socket.end(); // FIN after the answer; the client may still be sending
    socket.setTimeout(IDLE_MS, () => socket.destroy());
  };
  // Node calls this to close the socket after the answer: linger instead.
  socket.destroySoon = close;
  // Whoever was reading the body (a fetch stream adapter, which pauses it) stops here.
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > DRAIN_MAX_BYTES) close();
  });
  req.once("end", () => {
    clearTimeout(deadline);
    Reflect.deleteProperty(socket, "destroySoon");
    // All of it has arrived: nothing is left in flight to be reset. Node's own
    // destroySoon closes once the answer is flushed.
    if (closing) socket.destroySoon();
  });
  socket.once("close", () => clearTimeout(deadline));
  req.resume();
}
