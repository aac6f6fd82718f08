/** Listening on the configured address, or one line naming the variable to change. */
import { createServer, type Server } from "node:net";

/** Where a service listens, and the variable that chose its port (`WEB_PORT`, `API_PORT`). */
export interface ListenAddress {
  host: string;
  port: number;
  portVariable: string;
}

/** Why `listen` failed on `address`, naming what to change; `error` is Node's listen error. */
export function listenFailure(error: NodeJS.ErrnoException, address: ListenAddress): string {
  const { host, port, portVariable } = address;
  switch (error.code) {
    case "EADDRINUSE":
      return `${portVariable} ${port}: another process already listens on ${host}:${port}; stop it or choose another ${portVariable}`;
    case "EACCES":
      return `${portVariable} ${port}: not allowed to listen on ${host}:${port} (ports below 1024 need privileges)`;
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `HOST ${host}: not an address of this machine (${error.code})`;
    default:
      return `could not listen on ${host}:${port}: ${error.message}`;
  }
}

/**
 * Starts `server` on `address` and calls `onListening`; when it cannot listen, writes
 * `listenFailure` to stderr and exits with code 1, as a bad configuration value does.
 */
export function listenOrExit(server: Server, address: ListenAddress, onListening: () => void) {
  const failed = (error: NodeJS.ErrnoException) => {
    console.error(listenFailure(error, address));
    process.exit(1);
  };
  server.once("error", failed);
  server.listen(address.port, address.host, () => {
    server.off("error", failed);
    onListening();
  });
}

/**
 * Whether `address` can be listened on now: null, or `listenFailure`'s line. For a launcher
 * that checks its services' ports before starting anything else.
 */
export async function listenCheck(address: ListenAddress): Promise<string | null> {
  const probe = createServer();
  return new Promise((resolve) => {
    probe.once("error", (error: NodeJS.ErrnoException) => resolve(listenFailure(error, address)));
    probe.listen(address.port, address.host, () => probe.close(() => resolve(null)));
  });
}
