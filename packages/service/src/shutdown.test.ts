import { type ChildProcess, spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const fixture = fileURLToPath(new URL("./testing/shutdown-fixture.ts", import.meta.url));
let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
});

async function start(env: Record<string, string> = {}) {
  const process_ = spawn(process.execPath, ["--import", "tsx", fixture], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = process_;
  let output = "";
  process_.stdout.on("data", (chunk) => {
    output += chunk;
  });
  process_.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => process_.on("exit", resolve));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setInterval(() => {
      const line = output.split("\n").find((l) => l.includes('"listening"'));
      if (line) {
        clearInterval(timer);
        resolve(JSON.parse(line).port);
      } else if (process_.exitCode !== null) {
        clearInterval(timer);
        reject(new Error(output));
      }
    }, 20);
  });
  return { child: process_, port, exited, output: () => output };
}

type Outcome = { status: number; connection?: string } | { error: string };

/** One request; `agent` decides whether it shares a kept-alive connection. */
function get(port: number, path: string, agent: http.Agent | false): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.get({ host: "127.0.0.1", port, path, agent }, (response) => {
      response.resume();
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, connection: response.headers.connection }),
      );
    });
    request.on("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code ?? "" }));
  });
}

/** A GET written on a connection of its own as soon as it is open: the status line, or the socket error's code. */
function rawGet(port: number, path: string): Promise<string> {
  return rawRequests(port, `GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`).then(
    (answers) => answers[0] ?? "closed without an answer",
  );
}

/**
 * Writes `text` (one or several requests, or part of one) on a connection of its own as
 * soon as it is open, then `rest` after `restAfterMs`: every status line that came back,
 * or the socket error's code.
 */
function rawRequests(port: number, text: string, rest = "", restAfterMs = 0): Promise<string[]> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve([error.code ?? "error"]));
    socket.on("close", () => resolve(answer.match(/HTTP\/1\.1 \d{3}[^\r]*/g) ?? []));
    socket.on("connect", () => {
      socket.write(text);
      if (rest) setTimeout(() => socket.write(rest), restAfterMs);
    });
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// Requests sent before SIGTERM are answered when they arrive within SHUTDOWN_DELAY: the
// load balancer stops sending during it (R-O11), and Node's server.close() ends the rest.
describe("graceful shutdown", () => {
  it("answers every request sent before SIGTERM, each on its own connection, then exits 0", async () => {
    const server = await start({ SHUTDOWN_DELAY: "3" });
    const requests = Array.from({ length: 40 }, () => rawGet(server.port, "/work"));
    await sleep(5);
    server.child.kill("SIGTERM");
    expect(await Promise.all(requests)).toEqual(Array(40).fill("HTTP/1.1 200 OK"));
    expect(await server.exited).toBe(0);
    expect(server.output()).toContain('"hook ran"');
    expect(server.output()).toContain('"stopped"');
  });

  it("answers every queued connection, when the process accepts slowly", {
    timeout: 60_000,
  }, async () => {
    // Each request keeps the event loop busy, as rendering a page does: the kernel holds
    // connections for a while before the process takes them in.
    const server = await start({ SHUTDOWN_DELAY: "15", BUSY_MS: "40", HANDLER_MS: "1" });
    const requests = Array.from({ length: 200 }, () => rawGet(server.port, "/work"));
    await sleep(5);
    server.child.kill("SIGTERM");
    expect(await Promise.all(requests)).toEqual(Array(200).fill("HTTP/1.1 200 OK"));
    expect(await server.exited).toBe(0);
  });

  it("answers every pipelined request it received", async () => {
    const server = await start({ SHUTDOWN_DELAY: "3", HANDLER_MS: "100" });
    const five = "GET /work HTTP/1.1\r\nHost: x\r\n\r\n".repeat(5);
    const connections = Array.from({ length: 20 }, () => rawRequests(server.port, five));
    await sleep(5);
    server.child.kill("SIGTERM");
    for (const answers of await Promise.all(connections)) {
      expect(answers).toEqual(Array(5).fill("HTTP/1.1 200 OK"));
    }
    expect(await server.exited).toBe(0);
  });

  it("answers a request whose headers were still arriving when the signal came", async () => {
    const server = await start({ SHUTDOWN_DELAY: "4", HANDLER_MS: "1" });
    const slow = Array.from({ length: 5 }, () =>
      rawRequests(server.port, "GET /work HTTP/1.1\r\n", "Host: x\r\n\r\n", 1_500),
    );
    await sleep(100);
    server.child.kill("SIGTERM");
    for (const answers of await Promise.all(slow)) expect(answers).toEqual(["HTTP/1.1 200 OK"]);
    expect(await server.exited).toBe(0);
  });

  it("takes a signal delivered twice at once as one (Ctrl-C under the launcher)", async () => {
    const server = await start({ SHUTDOWN_DELAY: "3", HANDLER_MS: "300" });
    const requests = Array.from({ length: 10 }, () => rawGet(server.port, "/work"));
    await sleep(50);
    server.child.kill("SIGINT");
    await sleep(100);
    server.child.kill("SIGTERM");
    expect(await Promise.all(requests)).toEqual(Array(10).fill("HTTP/1.1 200 OK"));
    expect(await server.exited).toBe(0);
  });

  it("answers requests in flight on kept-alive connections, then closes them at once", async () => {
    const server = await start({ HANDLER_MS: "200" });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    // Warm connections, left idle in the agent's pool, then a request in flight on each.
    await Promise.all(Array.from({ length: 4 }, () => get(server.port, "/work", agent)));
    const inFlight = Array.from({ length: 4 }, () => get(server.port, "/work", agent));
    await sleep(20);
    const signalled = performance.now();
    server.child.kill("SIGTERM");
    const outcomes = await Promise.all(inFlight);
    expect(outcomes).toEqual(Array(4).fill({ status: 200, connection: "keep-alive" }));
    expect(await server.exited).toBe(0);
    // Not after Node's keep-alive timeout (5 s): the connections were closed once idle.
    expect(performance.now() - signalled).toBeLessThan(2_000);
    agent.destroy();
  });

  it("keeps serving for SHUTDOWN_DELAY while readiness answers 503", async () => {
    const server = await start({ SHUTDOWN_DELAY: "1", HANDLER_MS: "1" });
    expect(await get(server.port, "/ready", false)).toMatchObject({ status: 200 });
    server.child.kill("SIGTERM");
    await sleep(200);
    expect(await get(server.port, "/ready", false)).toMatchObject({ status: 503 });
    expect(await get(server.port, "/work", false)).toMatchObject({ status: 200 });
    expect(server.child.exitCode).toBeNull();
    expect(await server.exited).toBe(0);
    // After the delay, the listener is closed: new connections are refused.
    expect(await get(server.port, "/work", false)).toEqual({ error: "ECONNREFUSED" });
  });
});
