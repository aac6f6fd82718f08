/**
 * A server for the shutdown tests (shutdown.test.ts), run as a child process: the
 * services' server and shutdown sequence, a handler that takes HANDLER_MS, and /ready
 * answering as the services' readiness checks do.
 */
import type { AddressInfo } from "node:net";
import { createHttpServer } from "../http-server.ts";
import { createLogger } from "../logger.ts";
import { isShuttingDown, onShutdown, shutDownGracefully } from "../shutdown.ts";

const handlerMs = Number(process.env.HANDLER_MS ?? 50);
/** Work on the event loop itself, as rendering a page is: the process then accepts slowly. */
const busyMs = Number(process.env.BUSY_MS ?? 0);
const logger = createLogger({ service: "fixture", level: "info" });

const server = createHttpServer((request, response) => {
  if (request.url === "/ready") {
    response.writeHead(isShuttingDown() ? 503 : 200).end();
    return;
  }
  const started = performance.now();
  while (performance.now() - started < busyMs) {
    // busy, as a server rendering a page is
  }
  setTimeout(() => response.end("done"), handlerMs);
});
server.listen(0, "127.0.0.1", () => {
  logger.info({ port: (server.address() as AddressInfo).port }, "listening");
});
shutDownGracefully({ server, logger, delaySeconds: Number(process.env.SHUTDOWN_DELAY ?? 0) });
onShutdown(async () => logger.info("hook ran"));
