/**
 * `npm start` (and `npm run dev` with --dev): the whole product on one machine.
 *
 * With no DATABASE_URL it starts the embedded PostgreSQL (PGlite, data in .data/) in this
 * process; it applies migrations, then runs each service as a child process and forwards
 * SIGINT/SIGTERM to them. When one service dies, everything stops. `npm start` runs the
 * bundles of scripts/build.ts (built first when stale); --dev runs the sources under tsx.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "@tasks/db/embedded";
import { migrateDatabase } from "@tasks/db/migrate";
import {
  loadConfigOrExit,
  optionalDatabaseUrl,
  parseEnvironment,
  port,
  withDefault,
} from "@tasks/service/config";
import { listenCheck } from "@tasks/service/listen";
import { z } from "zod";
import { bundles } from "./build-outputs.ts";
import { acquireDataLock, dataPath } from "./data-dir.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
const dev = process.argv.includes("--dev");

/** The variables this launcher reads itself; each service checks the rest at its start. */
const launcherSchema = z.object({
  DATABASE_URL: optionalDatabaseUrl,
  EMBEDDED_DB_PORT: withDefault(port, 0),
  DATABASE_NAMED_STATEMENTS: withDefault(z.enum(["true", "false"]), "true"),
  HOST: withDefault(z.string(), "127.0.0.1"),
  WEB_PORT: withDefault(port, 3000),
  API_PORT: withDefault(port, 8000),
});
const env = loadConfigOrExit((variables) => parseEnvironment(launcherSchema, variables));

function log(message: string) {
  console.info(`[start] ${message}`);
}

/** Each service's port is free, before the database starts: else the line that says why. */
async function checkPorts(): Promise<void> {
  for (const [portVariable, port] of [
    ["WEB_PORT", env.WEB_PORT],
    ["API_PORT", env.API_PORT],
  ] as const) {
    if (port === 0) continue;
    const failure = await listenCheck({ host: env.HOST, port, portVariable });
    if (failure) throw new Error(failure);
  }
}

async function prepareDatabase(): Promise<{ url: string; embedded?: EmbeddedDatabase }> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  acquireDataLock();
  const embedded = await startEmbeddedDatabase({
    dataDir: dataPath("pglite"),
    port: env.EMBEDDED_DB_PORT,
  });
  log(`embedded PostgreSQL (PGlite) at ${embedded.url}, data in ${dataPath("pglite")}`);
  return { url: embedded.url, embedded };
}

/** BETTER_AUTH_SECRET from the environment, or one generated once and kept in .data/. */
function authSecret(): string {
  if (process.env.BETTER_AUTH_SECRET) return process.env.BETTER_AUTH_SECRET;
  const file = dataPath("auth-secret");
  if (!existsSync(file)) {
    writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
    log(`generated BETTER_AUTH_SECRET into ${file}`);
  }
  return readFileSync(file, "utf8").trim();
}

interface Service {
  name: "web" | "api";
  env: Record<string, string>;
}

function run(service: Service): ChildProcess {
  const { source, out } = bundles[service.name];
  const args = dev
    ? [fileURLToPath(import.meta.resolve("tsx/cli")), "watch", "--clear-screen=false", source]
    : [out];
  return spawn(process.execPath, args, {
    cwd: root,
    env: { ...process.env, ...service.env },
    stdio: "inherit",
  });
}

async function main() {
  await checkPorts();
  const database = await prepareDatabase();
  await migrateDatabase(database.url).catch((error: unknown) => {
    const reason = error instanceof Error ? error.message : String(error);
    // The URL itself may hold a password: the variable is named, its value is not written.
    throw new Error(
      database.embedded ? reason : `the database at DATABASE_URL could not be migrated: ${reason}`,
    );
  });
  log("migrations applied");

  const host = env.HOST;
  const webPort = String(env.WEB_PORT);
  const apiPort = String(env.API_PORT);
  const webUrl = process.env.WEB_URL ?? `http://localhost:${webPort}`;
  const apiUrl = process.env.API_URL ?? `http://localhost:${apiPort}`;
  const loopback = host === "0.0.0.0" ? "127.0.0.1" : host;
  const shared = {
    NODE_ENV: dev ? "development" : "production",
    NEXT_TELEMETRY_DISABLED: "1",
    DATABASE_URL: database.url,
    HOST: host,
    WEB_URL: webUrl,
    API_URL: apiUrl,
  };
  const services: Service[] = [
    {
      name: "web",
      env: {
        ...shared,
        WEB_PORT: webPort,
        BETTER_AUTH_SECRET: authSecret(),
        // No SMTP_URL: reset links go to the log, so a forgotten password works locally.
        MAIL_LOG: process.env.MAIL_LOG ?? "true",
      },
    },
    {
      name: "api",
      env: {
        ...shared,
        API_PORT: apiPort,
        // The embedded database has one session behind all connections (packages/db/src/client.ts).
        DATABASE_NAMED_STATEMENTS: database.embedded ? "false" : env.DATABASE_NAMED_STATEMENTS,
        // Straight to web's own address, whatever name the browser uses for it.
        AUTH_JWKS_URL: process.env.AUTH_JWKS_URL ?? `http://${loopback}:${webPort}/api/auth/jwks`,
      },
    },
  ];

  const children = new Map<string, ChildProcess>();
  let stopping = false;
  let finish: (exitCode: number) => void = () => {};
  const stopped = new Promise<number>((resolve) => {
    finish = resolve;
  });

  const stopAll = (exitCode: number, signal: NodeJS.Signals = "SIGTERM") => {
    if (stopping) return;
    stopping = true;
    for (const child of children.values()) if (child.exitCode === null) child.kill(signal);
    void Promise.all(
      [...children.values()].map(
        (child) =>
          new Promise((resolve) =>
            child.exitCode !== null ? resolve(null) : child.on("exit", resolve),
          ),
      ),
    )
      .then(() => database.embedded?.stop())
      .then(() => finish(exitCode));
  };

  for (const service of services) {
    const child = run(service);
    children.set(service.name, child);
    child.on("exit", (code, signal) => {
      if (stopping) return;
      console.error(`[start] ${service.name} exited (${signal ?? code}); stopping everything`);
      stopAll(code || 1);
    });
  }
  process.on("SIGINT", () => stopAll(0, "SIGTERM"));
  process.on("SIGTERM", () => stopAll(0, "SIGTERM"));

  process.exitCode = await stopped;
}

main().catch((error: unknown) => {
  console.error("[start] could not start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
