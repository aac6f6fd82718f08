/**
 * Serves the web app: Next.js on packages/service's node:http server (decision 031). It writes
 * X-Forwarded-For from the socket, so a client cannot choose its rate-limit bucket, and answers
 * the methods Next.js cannot take (501, or 405 via methods.ts).
 */
import { loadConfigOrExit } from "@tasks/service/config";
import { createHttpServer } from "@tasks/service/http-server";
import { listenOrExit } from "@tasks/service/listen";
import { REQUEST_ID_HEADER, requestIdOf } from "@tasks/service/request-id";
import { onShutdown, shutDownGracefully } from "@tasks/service/shutdown";
import next from "next";
import { parseWebConfig } from "./src/env.ts";
import { forwardedFor } from "./src/server/client-address.ts";
import { logger } from "./src/server/logger.ts";
import { answerBeforeNext } from "./src/server/methods.ts";

const dev = process.argv.includes("--dev");
// The production build runs as production whatever the shell says; only --dev is development.
if (!dev) Object.assign(process.env, { NODE_ENV: "production" });

const config = loadConfigOrExit(parseWebConfig);
const log = logger();
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
const trust = { proxies: config.trustedProxies.length > 0, hops: config.trustedProxyHops };
const logRequests = log.isLevelEnabled("info");

const server = createHttpServer((request, response) => {
  const started = performance.now();
  const requestId = requestIdOf(request.headers[REQUEST_ID_HEADER]?.toString());
  request.headers["x-forwarded-for"] = forwardedFor(
    request.headers["x-forwarded-for"],
    request.socket.remoteAddress,
    trust,
  );
  response.setHeader(REQUEST_ID_HEADER, requestId);
  for (const [name, value] of Object.entries(securityHeaders)) response.setHeader(name, value);
  if (logRequests) {
    response.on("finish", () => {
      // The path only: query strings and headers stay out of the log.
      const path = (request.url ?? "").split("?")[0];
      const ms = Math.round((performance.now() - started) * 10) / 10;
      const { method } = request;
      log.info({ reqId: requestId, method, path, status: response.statusCode, ms }, "request");
    });
  }
  if (answerBeforeNext(request, response)) return;
  void handle(request, response);
});

listenOrExit(server, { host: config.host, port: config.port, portVariable: "WEB_PORT" }, () => {
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  log.info({ host: config.host, port }, "web listening");
});

shutDownGracefully({ server, logger: log, delaySeconds: config.shutdownDelaySeconds });
// Next.js's close() waits for work begun with `after` (the reset mail, auth.ts).
onShutdown(() => app.close());
