/** Graceful shutdown (R-O6, R-O11): readiness 503 for SHUTDOWN_DELAY, then server.close(), hooks, exit. */
import type { Server } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import closeWithGrace from "close-with-grace";
import { describeError, type Logger } from "./logger.ts";
import { remember } from "./remember.ts";

interface ShutdownState {
  stopping: boolean;
  hooks: (() => Promise<void>)[];
}

const state = () => remember<ShutdownState>("shutdown", () => ({ stopping: false, hooks: [] }));

/** Whether this process is shutting down: readiness checks answer 503 from then on. */
export function isShuttingDown(): boolean {
  return state().stopping;
}

/** Runs `hook` once requests are answered, before the process exits (close pools here). */
export function onShutdown(hook: () => Promise<void>): void {
  state().hooks.push(hook);
}

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  delaySeconds: number;
  graceMs?: number;
}

const REPEAT_WINDOW_MS = 2_000;
const IDLE_SWEEP_MS = 100;

/** Closes `server` as Node does, and each connection as soon as it falls idle. */
async function closeServer(server: Server, graceMs: number): Promise<void> {
  const closed = new Promise((resolve) => server.close(resolve));
  const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
  const deadline = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearInterval(sweep);
  clearTimeout(deadline);
}

/** Installs the shutdown sequence above for `server`; call once, after creating it. */
export function shutDownGracefully({
  server,
  logger,
  delaySeconds,
  graceMs = 10_000,
}: ShutdownOptions): void {
  const delayMs = delaySeconds * 1000;
  // Signals are taken here: close-with-grace exits at once on a second one.
  const closing = closeWithGrace(
    {
      delay: delayMs + graceMs + 5_000,
      logger: { error: (message: unknown) => logger.error(String(message)) },
      skip: ["SIGINT", "SIGTERM"],
    },
    async ({ err }) => {
      if (err) logger.fatal({ err: describeError(err) }, "uncaught error, shutting down");
      state().stopping = true;
      if (delayMs > 0) await sleep(delayMs);
      await closeServer(server, graceMs);
      for (const hook of state().hooks) {
        await hook().catch((error: unknown) =>
          logger.warn({ err: describeError(error) }, "a shutdown hook failed"),
        );
      }
      logger.info("stopped");
      logger.flush();
    },
  );
  let firstSignalAt: number | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    if (firstSignalAt === undefined) {
      firstSignalAt = performance.now();
      logger.info({ signal, delaySeconds }, "shutting down");
      closing.close();
    } else if (performance.now() - firstSignalAt > REPEAT_WINDOW_MS) {
      logger.warn({ signal }, "second signal, exiting now");
      logger.flush();
      process.exit(1);
    }
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
