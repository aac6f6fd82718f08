import "server-only";
import { describeError } from "@tasks/service/logger";
import { remember } from "@tasks/service/remember";
import { onShutdown } from "@tasks/service/shutdown";
import { logger } from "./logger.ts";

/** Work begun after an answer and not yet finished, shared by the whole process. */
const pending = () =>
  remember("web.after-answer", () => {
    onShutdown(() => settleAfterAnswer());
    return new Set<Promise<void>>();
  });

/**
 * Runs `task` once the current answer has been handed back, off the request's path: its
 * time and its outcome never show in the answer (SPEC R-S4: a reset link is sent after
 * answering, never before). A failure is logged; graceful shutdown waits for what is
 * under way.
 */
export function afterAnswer(name: string, task: () => Promise<unknown>): void {
  const tasks = pending();
  const run: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
    .then(task)
    .then(
      () => undefined,
      (error: unknown) => {
        logger().error({ event: `${name}.failed`, err: describeError(error) }, `${name} failed`);
      },
    )
    .finally(() => tasks.delete(run));
  tasks.add(run);
}

/** Resolves once every task begun by `afterAnswer` has finished (tests, shutdown). */
export async function settleAfterAnswer(): Promise<void> {
  const tasks = pending();
  while (tasks.size > 0) await Promise.all([...tasks]);
}
