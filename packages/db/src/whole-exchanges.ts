/**
 * Keeps each connection's extended-protocol exchange whole on the embedded database.
 *
 * pglite-socket 0.2.17 (pinned: DESIGN.md) feeds PGlite's one backend the messages of all
 * its connections through one queue, taking them one message at a time from any
 * connection except inside a transaction. node-postgres sends a parameterised query as
 * Parse, Bind, Describe, Execute, Sync, all on the unnamed statement: two connections'
 * sequences interleaved make one's Bind meet the other's Parse ("bind message supplies 2
 * parameters, but prepared statement "" requires 3", SQLSTATE 08P01), seen under
 * concurrent requests. Here the queue keeps to one connection from its first message of a
 * sequence to its Sync (or a simple Query, or Terminate), as a real server's one backend
 * per connection would. Replaces the queue's `processQueue` (the package exports no hook);
 * scripts/start.ts and the tests use it through startEmbeddedDatabase().
 */

/** The shape of pglite-socket's internal query queue that this relies on. */
interface QueuedMessage {
  handlerId: number;
  message: Uint8Array;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: unknown) => void;
}
interface QueryQueue {
  queue: QueuedMessage[];
  processing: boolean;
  lastHandlerId: number | null;
  db: {
    isInTransaction(): boolean;
    runExclusive<T>(fn: () => Promise<T>): Promise<T>;
    execProtocolRawStream(
      message: Uint8Array,
      options: { onRawData: (data: Uint8Array) => void },
    ): Promise<unknown>;
  };
  processQueue(): Promise<void>;
  clearQueueForHandler(handlerId: number): void;
}

/** Message types that end an exchange: Sync, simple Query, Terminate. */
const ENDS_EXCHANGE = new Set(["S", "Q", "X"].map((c) => c.charCodeAt(0)));

/**
 * Makes `server`'s queue finish one connection's exchange before taking another's.
 * Throws if the package's internals are not what this was written against.
 */
export function keepExchangesWhole(server: object): void {
  const queue = (server as { queryQueue?: QueryQueue }).queryQueue;
  if (!queue || !Array.isArray(queue.queue) || typeof queue.processQueue !== "function") {
    throw new Error("pglite-socket's query queue is not the one keepExchangesWhole expects");
  }
  // The connection whose exchange is under way, or null between exchanges.
  let owner: number | null = null;

  queue.processQueue = async function processQueue(this: QueryQueue) {
    if (this.processing) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const inTransaction = this.db.isInTransaction() && this.lastHandlerId !== null;
        const keepTo = owner ?? (inTransaction ? this.lastHandlerId : null);
        const index = keepTo === null ? 0 : this.queue.findIndex((m) => m.handlerId === keepTo);
        if (index === -1) return; // its next message has not arrived: wait for it
        const [item] = this.queue.splice(index, 1);
        if (!item) return;
        // A startup message has no type byte (it begins with its length): whole by itself.
        const type = item.message[0] ?? 0;
        owner = type === 0 || ENDS_EXCHANGE.has(type) ? null : item.handlerId;
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(item.message, {
              onRawData: (data) => {
                bytes += data.length;
                item.onData(data);
              },
            }),
          );
        } catch (error) {
          owner = null;
          item.reject(error);
          continue;
        }
        this.lastHandlerId = item.handlerId;
        item.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  };

  // A connection that goes away mid-exchange must not hold the others up.
  const clear = queue.clearQueueForHandler.bind(queue);
  queue.clearQueueForHandler = (handlerId: number) => {
    clear(handlerId);
    if (owner === handlerId) {
      owner = null;
      void queue.processQueue();
    }
  };
}
