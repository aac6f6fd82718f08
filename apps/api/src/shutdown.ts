/**
 * SIGTERM/SIGINT: stop accepting connections, let requests in flight finish, close the
 * database pool, exit 0. A request still running after the grace period is cut off.
 */

import type { Server } from "node:http";
import { describeError } from "@tasks/db";
import type { Logger } from "pino";

interface ShutdownOptions {
  server: Pick<Server, "close" | "closeIdleConnections" | "closeAllConnections">;
  logger: Logger;
  close: () => Promise<void>;
  graceMs?: number;
}

export function handleShutdown({ server, logger, close, graceMs = 10_000 }: ShutdownOptions) {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    // Keep-alive connections go idle between requests: close them as they do.
    const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
    const deadline = setTimeout(() => {
      logger.warn("grace period over, closing remaining connections");
      server.closeAllConnections();
    }, graceMs);
    server.close(async () => {
      clearInterval(idleSweep);
      clearTimeout(deadline);
      await close().catch((error: unknown) =>
        logger.warn({ err: describeError(error) }, "closing the pool failed"),
      );
      logger.info("stopped");
      process.exit(0);
    });
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
