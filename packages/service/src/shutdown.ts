/**
 * Graceful shutdown, the same in both services (SPEC R-O6, R-O11). On SIGTERM or SIGINT
 * (a repeat within 2 s is ignored; a later one exits at once), or a crash (caught by
 * close-with-grace):
 *
 * 1. readiness answers 503 at once (`isShuttingDown()`), and for SHUTDOWN_DELAY seconds
 *    the instance keeps serving, so a load balancer stops sending it requests first;
 * 2. every connection is drained (drain.ts): each request that reaches the process is
 *    answered, with `Connection: close`, and the listener closes once arrivals stop;
 * 3. the hooks registered with `onShutdown` run (database pools close);
 * 4. the process exits, 0 (1 after an uncaught error).
 */
import type { Server } from "node:http";
import closeWithGrace from "close-with-grace";
import { trackConnections } from "./drain.ts";
import { describeError, type Logger } from "./logger.ts";
import { remember } from "./remember.ts";

interface ShutdownState {
  stopping: boolean;
  hooks: (() => Promise<void>)[];
}

/** Shared by the custom server and Next.js's bundle of the same process (remember.ts). */
const state = () => remember<ShutdownState>("shutdown", () => ({ stopping: false, hooks: [] }));

/** Whether this process is shutting down: readiness checks answer 503 from then on. */
export function isShuttingDown(): boolean {
  return state().stopping;
}

/** Runs `hook` once requests are drained, before the process exits (close pools here). */
export function onShutdown(hook: () => Promise<void>): void {
  state().hooks.push(hook);
}

export interface ShutdownOptions {
  server: Server;
  logger: Logger;
  /** SHUTDOWN_DELAY: seconds of serving on while readiness answers 503. */
  delaySeconds: number;
  /** Longest wait for requests in flight before the remaining connections are cut. */
  graceMs?: number;
  /** A connection carrying no request for this long is closed while draining. */
  idleMs?: number;
  /** The listener closes once no connection has arrived for this long. */
  quietMs?: number;
}

/** Installs the shutdown sequence above for `server`; call once, after creating it. */
/** A second signal this soon after the first is the same request, delivered twice. */
const REPEAT_WINDOW_MS = 2_000;

export function shutDownGracefully({
  server,
  logger,
  delaySeconds,
  graceMs = 10_000,
  idleMs = 1_000,
  quietMs = 250,
}: ShutdownOptions): void {
  const connections = trackConnections(server);
  const delayMs = delaySeconds * 1000;
  // Crashes and the deadline are close-with-grace's; signals are taken here, because a
  // Ctrl-C under `npm start` reaches each service twice (from the terminal, and from the
  // launcher), and close-with-grace exits at once on a second signal.
  const closing = closeWithGrace(
    {
      // close-with-grace's own deadline, after ours: exit 1 if closing hangs.
      delay: delayMs + graceMs + 5_000,
      logger: { error: (message: unknown) => logger.error(String(message)) },
      skip: ["SIGINT", "SIGTERM"],
    },
    async ({ err }) => {
      if (err) logger.fatal({ err: describeError(err) }, "uncaught error, shutting down");
      state().stopping = true;
      if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
      await connections.drain({ graceMs, idleMs, quietMs });
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
