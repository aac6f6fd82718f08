/**
 * Draining an HTTP server without resetting anyone (SPEC R-O11).
 *
 * Node's `server.close()` also closes every connection it thinks idle, and that includes
 * connections accepted a moment ago whose first request has not been parsed yet: their
 * clients see ECONNRESET for a request they already sent. Closing the listener resets
 * connections the kernel has queued but the process has not accepted yet, too. Here,
 * instead, every request is answered with `Connection: close` from the start of the
 * drain; the listener closes once no connection has arrived for `quietMs`; and a
 * connection is closed only once it has carried no request for `idleMs`.
 */
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import net from "node:net";

interface Connection {
  inFlight: number;
  /** performance.now() of the accept, or of the last answer. */
  idleSince: number;
}

export interface DrainOptions {
  /** After this long, connections still open are cut (a request that never ends). */
  graceMs: number;
  /** A connection that carried no request for this long is closed. */
  idleMs: number;
  /** The listener closes once no connection has arrived for this long (at most graceMs). */
  quietMs: number;
}

export interface ConnectionTracker {
  /** Closes the listener, answers what arrives, closes connections as they fall idle. */
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
  const unanswered = new Set<ServerResponse>();
  let draining = false;
  let lastArrival = 0;

  server.on("connection", (socket: net.Socket) => {
    lastArrival = performance.now();
    connections.set(socket, { inFlight: 0, idleSince: lastArrival });
    socket.once("close", () => connections.delete(socket));
  });
  // First of the request listeners, so the header is there before any handler answers.
  server.prependListener("request", (request: IncomingMessage, response: ServerResponse) => {
    const connection = connections.get(request.socket);
    if (connection) connection.inFlight++;
    unanswered.add(response);
    if (draining) response.setHeader("connection", "close");
    const settle = () => {
      if (connection) {
        connection.inFlight--;
        connection.idleSince = performance.now();
      }
    };
    response.once("close", () => {
      unanswered.delete(response);
      // A body still arriving after the answer (a refused one, being discarded) keeps the
      // connection busy: closing it now would reset a client that is still sending.
      if (request.complete || request.destroyed) settle();
      else request.once("close", settle);
    });
  });

  async function drain({ graceMs, idleMs, quietMs }: DrainOptions): Promise<void> {
    draining = true;
    const started = performance.now();
    for (const response of unanswered) {
      if (!response.headersSent) response.setHeader("connection", "close");
    }
    // Connections still arriving (sent before the signal, or by a balancer not yet told)
    // are taken in and answered; closing the listener with them queued would reset them.
    const sinceArrival = () => performance.now() - lastArrival;
    while (performance.now() - started < graceMs) {
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, quietMs - sinceArrival())));
      await afterPendingIo();
      if (sinceArrival() >= quietMs) break;
    }
    const closed = new Promise<void>((resolve) => {
      // net.Server's close: stops listening, without http.Server's closeIdleConnections().
      net.Server.prototype.close.call(server, () => resolve());
    });
    const isIdle = (connection: Connection) =>
      connection.inFlight === 0 && performance.now() - connection.idleSince >= idleMs;
    const sweep = setInterval(
      () => {
        const candidates = [...connections].filter(([, connection]) => isIdle(connection));
        // Only once the data already received has been read: a request waiting in the
        // kernel makes its connection busy, not idle.
        void afterPendingIo().then(() => {
          for (const [socket, connection] of candidates) if (isIdle(connection)) socket.destroy();
        });
      },
      Math.min(50, idleMs),
    );
    const deadline = setTimeout(() => {
      for (const socket of connections.keys()) socket.destroy();
    }, graceMs);
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
