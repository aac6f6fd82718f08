/** `npm start` end to end: the embedded database, migrations, the API, restart, shutdown. */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, TEST_ISSUER, type TestIssuer } from "../apps/api/src/testing/issuer.ts";

const root = fileURLToPath(new URL("..", import.meta.url));
let dataDir: string;
let issuer: TestIssuer;

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  databaseUrl: string;
  apiUrl: string;
}

async function npmStart(apiPort: number): Promise<Started> {
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      API_PORT: String(apiPort),
      AUTH_JWKS_URL: issuer.jwksUrl,
      AUTH_ISSUER: TEST_ISSUER,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    output += chunk;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && !output.includes('"api listening"')) {
    if (child.exitCode !== null) throw new Error(`npm start exited:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const databaseUrl = /embedded PostgreSQL \(PGlite\) at (\S+),/.exec(output)?.[1];
  if (!databaseUrl) throw new Error(`npm start did not come up:\n${output}`);
  return { child, output: () => output, databaseUrl, apiUrl: `http://127.0.0.1:${apiPort}` };
}

/** SIGTERM to npm, as a process manager sends it; resolves with npm's exit. */
async function stop(started: Started) {
  const exited = new Promise<string>((resolve) =>
    started.child.on("exit", (code, signal) => resolve(String(signal ?? code))),
  );
  started.child.kill("SIGTERM");
  return exited;
}

beforeAll(async () => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tasks-start-"));
  issuer = await startTestIssuer();
});
afterAll(async () => {
  await issuer?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("serves the API on the embedded database, keeps data across a restart, and stops cleanly", async () => {
    const port = await freePort();
    const first = await npmStart(port);
    expect((await fetch(`${first.apiUrl}/ready`)).status).toBe(200);

    const client = new pg.Client({ connectionString: first.databaseUrl });
    await client.connect();
    await client.query(
      `insert into "user" (id, name, email) values ('u1', 'One', 'one@example.test')`,
    );
    await client.end();
    const token = await issuer.sign("u1");
    const created = await fetch(`${first.apiUrl}/api/u1/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Survives a restart" }),
    });
    expect(created.status).toBe(201);

    // npm re-raises the signal its script ended with; what matters is that nothing is left.
    expect(["0", "SIGTERM"]).toContain(await stop(first));
    await expect(fetch(`${first.apiUrl}/health`)).rejects.toThrow();

    const second = await npmStart(port);
    const listed = await fetch(`${second.apiUrl}/api/u1/tasks`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { tasks: { title: string }[] };
    expect(page.tasks.map((t) => t.title)).toEqual(["Survives a restart"]);
    expect(["0", "SIGTERM"]).toContain(await stop(second));
    expect(existsSync(path.join(dataDir, "start.pid"))).toBe(false);
    expect(second.output()).toContain('"stopped"');
    expect(second.output()).not.toContain(token);
  }, 180_000);
});
