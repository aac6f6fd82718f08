/**
 * Serves the web app: `npm run start:web` (and `npm start`, `npm run dev` through the
 * launcher). A small custom server around Next.js, for what `next start` does not do
 * (decision 006): it vouches for the client's address (X-Forwarded-For is replaced, never
 * passed through, so a client cannot pick its own rate-limit bucket), binds where the
 * configuration says, answers the methods Next.js cannot take (packages/service's server,
 * src/server/methods.ts), answers /api/auth/* itself without Next.js's routing
 * (src/server/auth-listener.ts, decision 014), logs each request with its id, and shuts
 * down gracefully.
 */
import { register } from "node:module";
import { loadConfigOrExit } from "@tasks/service/config";
import { createHttpServer } from "@tasks/service/http-server";
import { REQUEST_ID_HEADER, requestIdOf } from "@tasks/service/request-id";
import { shutDownGracefully } from "@tasks/service/shutdown";
import next from "next";
import { parseWebConfig } from "./src/env.ts";
import { CLIENT_ADDRESS_HEADER, clientAddress } from "./src/server/client-address.ts";
import { logger } from "./src/server/logger.ts";
import { answerBeforeNext } from "./src/server/methods.ts";

const dev = process.argv.includes("--dev");
// The production build runs as production whatever the shell says; only --dev is development.
// (Without this, the start-up checks would judge the configuration by development rules.)
if (!dev) Object.assign(process.env, { NODE_ENV: "production" });

const config = loadConfigOrExit(parseWebConfig);
const log = logger();

// The auth handler's modules are marked `server-only`; outside Next.js's bundle the
// marker resolves through this hook, registered before they load.
register("./server-only-condition.mjs", import.meta.url);
const { createAuthListener, isAuthRequest } = await import("./src/server/auth-listener.ts");
const { handleAuthRequest } = await import("./src/server/auth-handler.ts");
const serveAuthRequest = createAuthListener(handleAuthRequest, config.webUrl);

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

/** Request lines are info-level: quieter levels leave only start, stop and errors. */
const logRequests = log.isLevelEnabled("info");

const server = createHttpServer((request, response) => {
  const started = performance.now();
  const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]?.toString());
  request.headers[CLIENT_ADDRESS_HEADER] = clientAddress(
    request.headers["x-forwarded-for"]?.toString(),
    request.socket.remoteAddress ?? "unknown",
    config.trustedProxyHops,
  );
  delete request.headers["x-real-ip"];
  delete request.headers.forwarded;
  response.setHeader(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  if (logRequests) {
    response.on("finish", () => {
      // The path only: query strings and headers stay out of the log.
      const path = (request.url ?? "").split("?")[0];
      const ms = Math.round((performance.now() - started) * 10) / 10;
      log.info(
        { reqId: requestId, method: request.method, path, status: response.statusCode, ms },
        "request",
      );
    });
  }
  if (isAuthRequest(request.url ?? "/")) {
    void serveAuthRequest(request, response);
    return;
  }
  if (answerBeforeNext(request, response)) return;
  void handle(request, response);
});

server.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info({ host: config.host, port }, "web listening");
});

shutDownGracefully({ server, logger: log, delaySeconds: config.shutdownDelaySeconds });
