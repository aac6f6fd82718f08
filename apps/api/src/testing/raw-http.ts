/**
 * HTTP/1.1 over a plain TCP socket, for tests that need what fetch will not do: any
 * method token (TRACE, CONNECT, FOO), several requests on one connection, a body sent in
 * pieces, and a view of how the server ends the connection (FIN or reset).
 */
import net from "node:net";
import { createApiServer } from "../http/node-server.ts";

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** The API app served over real HTTP on 127.0.0.1, on a free port. */
export async function serveOnLoopback(app: {
  fetch: (request: Request) => Response | Promise<Response>;
}) {
  const server = createApiServer(app.fetch);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** One client connection; responses are read in order, as they arrive. */
export class RawConnection {
  readonly socket: net.Socket;
  private buffer = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  /** The server sent FIN. */
  ended = false;
  /** The socket is closed, from either side. */
  closed = false;
  /** The error the socket failed with, such as ECONNRESET. */
  error: NodeJS.ErrnoException | undefined;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    const wake = () => {
      for (const waiter of this.waiters.splice(0)) waiter();
    };
    socket.on("data", (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      wake();
    });
    socket.on("end", () => {
      this.ended = true;
      wake();
    });
    socket.on("error", (error: NodeJS.ErrnoException) => {
      this.error = error;
      wake();
    });
    socket.on("close", () => {
      this.closed = true;
      wake();
    });
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      // Half-open allowed: the test decides when to close its side, and sees the server's FIN.
      const socket = net.connect({ port, host: "127.0.0.1", allowHalfOpen: true });
      socket.once("connect", () => resolve(new RawConnection(socket)));
      socket.once("error", reject);
    });
  }

  /** Writes `data` and waits until it is handed to the kernel. */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(data, (error) => (error ? reject(error) : resolve())),
    );
  }

  private async waitFor<T>(take: () => T | undefined, timeoutMs: number): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = take();
      if (value !== undefined) return value;
      if (this.error) throw this.error;
      if (this.ended || this.closed) throw new Error("the connection ended before a whole answer");
      const left = deadline - Date.now();
      if (left <= 0) throw new Error("no whole answer in time");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next whole response (bodies by Content-Length; none for HEAD, 204 and 304). */
  readResponse({ head = false, timeoutMs = 5_000 } = {}): Promise<RawResponse> {
    return this.waitFor(() => {
      const end = this.buffer.indexOf("\r\n\r\n");
      if (end < 0) return undefined;
      const [statusLine = "", ...lines] = this.buffer
        .subarray(0, end)
        .toString("latin1")
        .split("\r\n");
      const headers: Record<string, string> = {};
      for (const line of lines) {
        const colon = line.indexOf(":");
        headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
      }
      const status = Number(statusLine.split(" ")[1]);
      const length =
        head || status === 204 || status === 304 ? 0 : Number(headers["content-length"] ?? 0);
      if (this.buffer.length < end + 4 + length) return undefined;
      const body = this.buffer.subarray(end + 4, end + 4 + length).toString("utf8");
      this.buffer = this.buffer.subarray(end + 4 + length);
      return { status, headers, body };
    }, timeoutMs);
  }

  /** Resolves once the server has closed its side: "fin", or the socket error's code. */
  waitForClose(timeoutMs = 5_000): Promise<string> {
    return this.waitFor(() => {
      if (this.error) return this.error.code ?? "error";
      return this.ended || this.closed ? "fin" : undefined;
    }, timeoutMs).catch((error: NodeJS.ErrnoException) => error.code ?? String(error));
  }

  close(): void {
    this.socket.destroy();
  }
}

/** A request's head: `method target HTTP/1.1`, Host, then the headers given. */
export function requestHead(
  method: string,
  target: string,
  headers: Record<string, string> = {},
): string {
  const lines = [`${method} ${target} HTTP/1.1`, "Host: 127.0.0.1"];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join("\r\n")}\r\n\r\n`;
}
