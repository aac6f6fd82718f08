/**
 * Draining an HTTP server without resetting anyone (SPEC R-O11).
 *
 * Node's `server.close()` also closes every connection it thinks idle, and that includes
 * connections accepted a moment ago whose first request has not been parsed yet: their
 * clients see ECONNRESET for a request they already sent. Closing the listener resets
 * connections the kernel has queued but the process has not accepted yet, too, and a
 * busy process accepts slowly (about one connection per turn of its event loop). Here,
 * instead:
 *
 * - the last answer a connection owes carries `Connection: close` (pipelined requests
 *   already received are all answered first);
 * - the listener closes once no connection has arrived for `quietMs` and the kernel holds
 *   none waiting to be accepted (pending-connections.ts);
 * - a connection is closed once it owes no answer, has received nothing new (no part of
 *   a next request) and has been so for `idleMs`.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import net from "node:net";
import onHeaders from "on-headers";
import { pendingConnections } from "./pending-connections.ts";

interface Connection {
  /** Requests received on it whose answers are not finished. */
  owed: number;
  /** performance.now() of the accept, or of the last answer. */
  idleSince: number;
  /** socket.bytesRead at that moment: more since means a request is arriving. */
  bytesAtIdle: number;
}

export interface DrainOptions {
  /** After this long, connections still open are cut (a request that never ends). */
  graceMs: number;
  /** A connection that carried nothing for this long is closed. */
  idleMs: number;
  /** The listener closes once no connection has arrived for this long (at most graceMs). */
  quietMs: number;
}

export interface ConnectionTracker {
  /** Answers what arrives, closes the listener and then the connections as they fall idle. */
  drain(options: DrainOptions): Promise<void>;
  /** Connections open now (for tests). */
  readonly size: number;
}

/**
 * Resolves after the event loop's next poll for I/O. Timers run before it: after the loop
 * was busy, a timer can find a connection "idle" whose request is waiting to be read, or
 * no new arrival while connections wait to be accepted. Deciding after the poll sees them.
 */
const afterPendingIo = () => new Promise((resolve) => setImmediate(resolve));

/** Tracks `server`'s connections and requests from now on, so they can be drained later. */
export function trackConnections(server: Server): ConnectionTracker {
  const connections = new Map<net.Socket, Connection>();
  let draining = false;
  let lastArrival = 0;

  server.on("connection", (socket: net.Socket) => {
    lastArrival = performance.now();
    connections.set(socket, { owed: 0, idleSince: lastArrival, bytesAtIdle: 0 });
    socket.once("close", () => connections.delete(socket));
  });
  // First of the request listeners, so the header hook is there before any handler answers.
  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    const connection = connections.get(request.socket);
    if (!connection) return;
    connection.owed++;
    onHeaders(response, () => {
      // The last answer owed on this connection tells the client to go elsewhere next.
      if (draining && connection.owed === 1) response.setHeader("connection", "close");
    });
    const settle = () => {
      connection.owed--;
      connection.idleSince = performance.now();
      connection.bytesAtIdle = request.socket.bytesRead;
    };
    response.once("close", () => {
      // A body still arriving after the answer (a refused one, being discarded) keeps the
      // connection busy: closing it now would reset a client that is still sending.
      if (request.complete || request.destroyed) settle();
      else request.once("close", settle);
    });
  });

  const isIdle = (socket: net.Socket, connection: Connection, idleMs: number) =>
    connection.owed === 0 &&
    socket.bytesRead === connection.bytesAtIdle &&
    performance.now() - connection.idleSince >= idleMs;

  async function drain({ graceMs, idleMs, quietMs }: DrainOptions): Promise<void> {
    draining = true;
    const started = performance.now();
    const address = server.address();
    const port = typeof address === "object" && address ? address.port : undefined;
    // Connections still arriving (sent before the signal, or by a balancer not yet told)
    // are taken in and answered; closing the listener with them queued would reset them.
    const sinceArrival = () => performance.now() - lastArrival;
    while (performance.now() - started < graceMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(10, quietMs - sinceArrival())));
      await afterPendingIo();
      if (sinceArrival() >= quietMs && !pendingConnections(port)) break;
    }
    const closed = new Promise<void>((resolve) => {
      // net.Server's close: stops listening, without http.Server's closeIdleConnections().
      net.Server.prototype.close.call(server, () => resolve());
    });
    const sweep = setInterval(
      () => {
        const candidates = [...connections].filter(([socket, c]) => isIdle(socket, c, idleMs));
        // Only once the data already received has been read: a request waiting in the
        // kernel makes its connection busy, not idle.
        void afterPendingIo().then(() => {
          for (const [socket, c] of candidates) if (isIdle(socket, c, idleMs)) socket.destroy();
        });
      },
      Math.min(50, idleMs),
    );
    const deadline = setTimeout(
      () => {
        for (const socket of connections.keys()) socket.destroy();
      },
      Math.max(0, graceMs - (performance.now() - started)),
    );
    try {
      await closed;
    } finally {
      clearInterval(sweep);
      clearTimeout(deadline);
    }
  }

  return {
    drain,
    get size() {
      return connections.size;
    },
  };
}
