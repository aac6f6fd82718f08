/** PGlite over the wire protocol on loopback (decision 042); a connection holds its one session until idle. */
import net from "node:net";
import { PGlite } from "@electric-sql/pglite";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Folder for the data files; in memory when absent. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
}

const SSL_REQUEST = 80_877_103;
const GSSENC_REQUEST = 80_877_104;
const CANCEL_REQUEST = 80_877_102;
/** ReadyForQuery, idle: 'Z', length 5, 'I' (PostgreSQL protocol, "Message Formats"). */
const READY_IDLE = Buffer.from([0x5a, 0, 0, 0, 5, 0x49]);
const SYNC = Buffer.from("S\0\0\0\x04", "latin1");
const ROLLBACK = Buffer.from("Q\0\0\0\x0drollback\0", "latin1"); // a simple Query
const TERMINATE = 0x58;

/** Starts PGlite on 127.0.0.1 only (it has no authentication); `stop()` closes connections, then it. */
export async function startEmbeddedDatabase(
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const db = await PGlite.create(options.dataDir, { extensions: { pg_trgm, btree_gin } });
  const connections = new Map<net.Socket, Promise<void>>();
  const server = net.createServer((socket) => {
    connections.set(
      socket,
      serve(db, socket).finally(() => connections.delete(socket)),
    );
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    async stop() {
      const closed = new Promise((resolve) => server.close(resolve));
      for (const socket of connections.keys()) socket.destroy();
      await Promise.all([closed, ...connections.values()]);
      await db.close();
    },
  };
}

/** Serves one client connection until it ends; never rejects. */
async function serve(db: PGlite, socket: net.Socket): Promise<void> {
  let input = Buffer.alloc(0);
  let started = false;
  let open = true;
  let wake = () => {};
  const session: { release: (() => void) | null } = { release: null };
  socket.setNoDelay(true);
  socket.on("data", (chunk) => {
    input = Buffer.concat([input, chunk]);
    wake();
  });
  for (const event of ["close", "error"]) {
    socket.on(event, () => {
      open = false;
      wake();
    });
  }

  const nextMessage = async (): Promise<Buffer | null> => {
    for (;;) {
      const header = started ? 5 : 4;
      if (input.length >= header) {
        const size = started ? 1 + input.readInt32BE(1) : input.readInt32BE(0);
        if (input.length >= size) {
          const message = input.subarray(0, size);
          input = input.subarray(size);
          return message;
        }
      }
      if (!open) return null;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  };

  const takeSession = () =>
    new Promise<void>((taken) => {
      void db.runExclusive(
        () =>
          new Promise<void>((done) => {
            session.release = done;
            taken();
          }),
      );
    });

  try {
    for (let message = await nextMessage(); message; message = await nextMessage()) {
      if (!started) {
        const code = message.length >= 8 ? message.readInt32BE(4) : 0;
        if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
          socket.write("N"); // no TLS on loopback: the client goes on in clear
          continue;
        }
        if (code === CANCEL_REQUEST) break; // PGlite cannot cancel a running query
        started = true;
      } else if (message[0] === TERMINATE) {
        break;
      }
      if (!session.release) await takeSession();
      let tail = Buffer.alloc(0);
      await db.execProtocolRawStream(message, {
        onRawData: (data) => {
          if (socket.writable) socket.write(data);
          tail = Buffer.concat([tail, data]).subarray(-READY_IDLE.length);
        },
      });
      if (tail.equals(READY_IDLE)) {
        session.release?.();
        session.release = null;
      }
    }
  } catch {
    // PGlite failed on this connection's message: the connection ends below.
  } finally {
    socket.destroy();
    const { release } = session;
    if (release) await endSession(db).finally(release);
  }
}

/** Rolls back what a departed connection left open, so the next one finds the session idle. */
async function endSession(db: PGlite): Promise<void> {
  await db.execProtocolRaw(SYNC).catch(() => {});
  if (db.isInTransaction()) await db.execProtocolRaw(ROLLBACK).catch(() => {});
}
