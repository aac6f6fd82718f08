import { spawn } from "node:child_process";
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { listenCheck, listenFailure } from "./listen.ts";

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function occupiedPort(): Promise<number> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

describe("listening", () => {
  it("names the variable that chose a port in use, and a host that is not this machine's", async () => {
    const port = await occupiedPort();
    expect(await listenCheck({ host: "127.0.0.1", port, portVariable: "WEB_PORT" })).toBe(
      `WEB_PORT ${port}: another process already listens on 127.0.0.1:${port}; stop it or choose another WEB_PORT`,
    );
    expect(await listenCheck({ host: "192.0.2.1", port: 0, portVariable: "API_PORT" })).toMatch(
      /^HOST 192\.0\.2\.1: not an address of this machine/,
    );
    expect(await listenCheck({ host: "127.0.0.1", port: 0, portVariable: "API_PORT" })).toBeNull();
    const error = Object.assign(new Error("x"), { code: "EACCES" });
    expect(listenFailure(error, { host: "0.0.0.0", port: 80, portVariable: "API_PORT" })).toMatch(
      /^API_PORT 80: not allowed/,
    );
  });

  it("ends a service whose port is taken with that one line and exit code 1", async () => {
    const port = await occupiedPort();
    const script = `
      import { createServer } from "node:http";
      import { listenOrExit } from "./packages/service/src/listen.ts";
      listenOrExit(createServer(), { host: "127.0.0.1", port: ${port}, portVariable: "API_PORT" }, () => {});
    `;
    const child = spawn(
      process.execPath,
      ["--import", "tsx", "--input-type=module", "-e", script],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    const code = await new Promise((resolve) => child.on("exit", resolve));
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(
      `API_PORT ${port}: another process already listens on 127.0.0.1:${port}; stop it or choose another API_PORT`,
    );
  });
});
