/**
 * Serves the web app: `npm run start:web` (and `npm start`, `npm run dev` through the
 * launcher). A small custom server around Next.js, for what `next start` does not do: it
 * vouches for the client's address (X-Forwarded-For is replaced, never passed through, so
 * a client cannot pick its own rate-limit bucket), it binds where the configuration says,
 * it shuts down gracefully on SIGTERM, and in production it hands /api/auth/* straight to
 * the auth route's handler, without Next.js's routing around it (decision 014).
 */
import { randomUUID } from "node:crypto";
import http from "node:http";
import next from "next";
import { parseWebConfig } from "./src/env.ts";
import {
  AUTH_CACHE_CONTROL,
  AUTH_MAX_BODY_BYTES,
  type AuthHandler,
  authUnavailable,
  bodyTooLarge,
  isDirectAuthRequest,
  sharedAuthHandler,
} from "./src/server/auth-route.ts";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./src/server/client-address.ts";
import { BodyTooLarge, sendFetchResponse, toFetchRequest } from "./src/server/node-bridge.ts";

const dev = process.argv.includes("--dev");
// The production build runs as production whatever the shell says; only --dev is development.
// (Without this, the start-up checks would judge the configuration by development rules.)
if (!dev) Object.assign(process.env, { NODE_ENV: "production" });

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

/** Headers for every response; the page CSP (with its nonce) is set in src/proxy.ts. */
const securityHeaders: Record<string, string> = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "permissions-policy":
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
  "x-frame-options": "DENY",
  "cross-origin-opener-policy": "same-origin",
  ...(config.webUrl.startsWith("https://")
    ? { "strict-transport-security": "max-age=63072000; includeSubDomains" }
    : {}),
};

const log = (entry: Record<string, unknown>) =>
  process.stdout.write(
    `${JSON.stringify({ level: 30, time: Date.now(), service: "web", ...entry })}\n`,
  );
/** Request lines are info-level: quieter levels leave only start, stop and errors. */
const logRequests = !["warn", "error", "fatal", "silent"].includes(config.logLevel);
const REQUEST_ID = /^[\w.:-]{1,128}$/;

const server = http.createServer((request, response) => {
  const started = performance.now();
  const incomingId = request.headers["x-request-id"]?.toString();
  const requestId = incomingId && REQUEST_ID.test(incomingId) ? incomingId : randomUUID();
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    request.headers["x-forwarded-for"]?.toString(),
    request.socket.remoteAddress ?? "unknown",
    config.trustedProxyHops,
  );
  delete request.headers["x-real-ip"];
  delete request.headers.forwarded;
  response.setHeader("x-request-id", requestId);
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  if (logRequests) {
    response.on("finish", () => {
      // The path only: query strings and headers stay out of the log.
      const path = (request.url ?? "").split("?")[0];
      const ms = Math.round((performance.now() - started) * 10) / 10;
      log({
        msg: "request",
        reqId: requestId,
        method: request.method,
        path,
        status: response.statusCode,
        ms,
      });
    });
  }
  // The route registers its handler when Next.js first loads it (src/server/auth-route.ts).
  // Development keeps Next.js in the path, for its reloading and error pages.
  const authHandler = dev ? undefined : sharedAuthHandler();
  if (authHandler && isDirectAuthRequest(request.method, request.url)) {
    void serveAuth(authHandler, request, response);
  } else {
    void handle(request, response);
  }
});

/**
 * An auth request straight to the route's handler: the same code Next.js would call,
 * without its routing, request context and response streaming around it, which cost a
 * sign-in about 1.5 ms (decision 014). The handler answers its own failures; what is left
 * here is the bridge's: a body over the limit, or a client that went away.
 */
async function serveAuth(
  handler: AuthHandler,
  request: http.IncomingMessage,
  response: http.ServerResponse,
) {
  try {
    const fetchRequest = await toFetchRequest(request, config.webUrl, AUTH_MAX_BODY_BYTES);
    await sendFetchResponse(await handler(fetchRequest), response);
  } catch (error) {
    if (request.destroyed || response.headersSent) {
      response.destroy(); // nobody is left to answer, or the answer is already on its way
      return;
    }
    const tooLarge = error instanceof BodyTooLarge;
    // The name only: a malformed header's message would quote the header.
    if (!tooLarge) log({ level: 50, msg: "auth bridge failed", error: (error as Error)?.name });
    // The rest of an oversized body is not read: the connection closes after the answer.
    response.writeHead(tooLarge ? 413 : 503, {
      "content-type": "application/json",
      "cache-control": AUTH_CACHE_CONTROL,
      ...(tooLarge ? { connection: "close" } : { "retry-after": "5" }),
    });
    response.end(JSON.stringify(tooLarge ? bodyTooLarge : authUnavailable));
  }
}

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log({ host: config.host, port, msg: "web listening" });
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
  log({ signal, msg: "shutting down" });
  const idleSweep = setInterval(() => server.closeIdleConnections(), 50);
  const deadline = setTimeout(() => server.closeAllConnections(), 10_000);
  server.close(async () => {
    clearInterval(idleSweep);
    clearTimeout(deadline);
    await closePool()?.catch(() => {});
    log({ msg: "stopped" });
    process.exit(0);
  });
}
process.stdout.on("error", () => {});
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));
