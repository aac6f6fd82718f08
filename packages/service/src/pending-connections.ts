/**
 * How many connections the kernel holds for a listening port that the process has not
 * accepted yet (its accept queue). Linux says so in /proc/net/tcp and /proc/net/tcp6: for
 * a socket in the LISTEN state (0A), the `rx_queue` column is the accept queue's length.
 * Read only while draining (drain.ts), a few times a second.
 */
import { readFileSync } from "node:fs";

const TABLES = ["/proc/net/tcp", "/proc/net/tcp6"];
const LISTEN = "0A";

/**
 * The connections waiting to be accepted on `port` (any address), or 0 when it cannot be
 * known (another operating system, no port): the caller then relies on timing alone.
 */
export function pendingConnections(port: number | undefined): number {
  if (!port) return 0;
  const portHex = `:${port.toString(16).toUpperCase().padStart(4, "0")}`;
  let pending = 0;
  for (const table of TABLES) {
    let text: string;
    try {
      // Kernel tables read at shutdown, not files to bundle or trace.
      text = readFileSync(/*turbopackIgnore: true*/ table, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue ...
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state === LISTEN && local?.endsWith(portHex)) {
        pending += Number.parseInt(queues?.split(":")[1] ?? "0", 16) || 0;
      }
    }
  }
  return pending;
}
