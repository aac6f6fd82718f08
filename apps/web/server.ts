/**
 * Serves the web app: `npm run start:web` (and `npm start`, `npm run dev` through the
 * launcher). A small custom server around Next.js, for three things `next start` does not
 * do: it vouches for the client's address (X-Forwarded-For is replaced, never passed
 * through, so a client cannot pick its own rate-limit bucket), it binds where the
 * configuration says, and it shuts down gracefully on SIGTERM.
 */
import http from "node:http";
import next from "next";
import { parseWebConfig } from "./src/env.ts";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./src/server/client-address.ts";

const dev = process.argv.includes("--dev");

let config: ReturnType<typeof parseWebConfig>;
try {
  config = parseWebConfig(process.env);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = next({ dev, dir: import.meta.dirname, hostname: config.host, port: config.port });
await app.prepare();
const handle = app.getRequestHandler();

const server = http.createServer((request, response) => {
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    request.headers["x-forwarded-for"]?.toString(),
    request.socket.remoteAddress ?? "unknown",
    config.trustedProxyHops,
  );
  delete request.headers["x-real-ip"];
  delete request.headers.forwarded;
  void handle(request, response);
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  process.stdout.write(
    `${JSON.stringify({ level: 30, service: "web", host: config.host, port, msg: "web listening" })}\n`,
  );
});

/** Set by src/server/db.ts when it opens its pool; closed last on shutdown. */
const closePool = () =>
  (globalThis as { [key: symbol]: (() => Promise<void>) | undefined })[
    Symbol.for("tasks.web.closePool")
  ]?.();

let stopping = false;
function stop(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(
    `${JSON.stringify({ level: 30, service: "web", signal, msg: "shutting down" })}\n`,
  );
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
  server.close(async () => {
    clearInterval(idleSweep);
    clearTimeout(deadline);
    await closePool()?.catch(() => {});
    process.stdout.write(`${JSON.stringify({ level: 30, service: "web", msg: "stopped" })}\n`);
    process.exit(0);
  });
}
process.stdout.on("error", () => {});
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
