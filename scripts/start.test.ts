/**
 * `npm start` end to end, as a person runs it: the embedded database, migrations, the
 * generated secret, the build, web and the API wired together; data and sessions that
 * survive a restart; and SIGTERM leaving nothing behind.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, root } from "./processes.ts";

let dataDir: string;

/** Everything `child` writes, stdout and stderr as they arrive. */
function outputOf(child: ChildProcess): () => string {
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk;
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return () => output;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  webUrl: string;
  apiUrl: string;
}

async function npmStart(webPort: number, apiPort: number): Promise<Started> {
  const child = spawn("npm", ["start"], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      DATA_DIR: dataDir,
      WEB_PORT: String(webPort),
      API_PORT: String(apiPort),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = outputOf(child);
  // The first start may build the web app.
  const deadline = Date.now() + 240_000;
  while (!(output().includes('"api listening"') && output().includes('"web listening"'))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`npm start did not come up:\n${output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    child,
    output,
    webUrl: `http://localhost:${webPort}`,
    apiUrl: `http://localhost:${apiPort}`,
  };
}

/** SIGTERM to npm, as a process manager sends it; resolves with npm's exit. */
async function stop(started: Started) {
  const exited = new Promise<string>((resolve) =>
    started.child.on("exit", (code, signal) => resolve(String(signal ?? code))),
  );
  started.child.kill("SIGTERM");
  return exited;
}

async function tokenFor(
  webUrl: string,
  cookie: string,
): Promise<{ status: number; token?: string }> {
  const response = await fetch(`${webUrl}/api/auth/token`, { headers: { cookie } });
  if (!response.ok) return { status: response.status };
  return { status: response.status, token: ((await response.json()) as { token: string }).token };
}

beforeAll(() => {
  dataDir = mkdtempSync(path.join(tmpdir(), "tasks-start-"));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe("npm start", () => {
  it("runs web and the API wired together, keeps data and sessions across a restart, and stops cleanly", async () => {
    const [webPort, apiPort] = [await freePort(), await freePort()];
    const first = await npmStart(webPort, apiPort);
    expect((await fetch(`${first.webUrl}/api/ready`)).status).toBe(200);
    expect((await fetch(`${first.apiUrl}/ready`)).status).toBe(200);

    const signUp = await fetch(`${first.webUrl}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: first.webUrl },
      body: JSON.stringify({
        email: "start@example.com",
        password: "correct horse battery",
        name: "Start",
      }),
    });
    expect(signUp.status).toBe(200);
    const cookie = (signUp.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const { token } = await tokenFor(first.webUrl, cookie);
    const { user } = (await signUp.json()) as { user: { id: string } };

    const created = await fetch(`${first.apiUrl}/api/${user.id}/tasks`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ title: "Survives a restart" }),
    });
    expect(created.status).toBe(201);

    // npm re-raises the signal its script ended with; what matters is that nothing is left.
    expect(["0", "SIGTERM"]).toContain(await stop(first));
    await expect(fetch(`${first.webUrl}/api/health`)).rejects.toThrow();
    await expect(fetch(`${first.apiUrl}/health`)).rejects.toThrow();
    expect(existsSync(path.join(dataDir, "start.pid"))).toBe(false);

    const second = await npmStart(webPort, apiPort);
    // The session cookie still works: sessions, keys and the generated secret were kept.
    const renewed = await tokenFor(second.webUrl, cookie);
    expect(renewed.status).toBe(200);
    const listed = await fetch(`${second.apiUrl}/api/${user.id}/tasks`, {
      headers: { authorization: `Bearer ${renewed.token}` },
    });
    expect(listed.status).toBe(200);
    const page = (await listed.json()) as { tasks: { title: string }[] };
    expect(page.tasks.map((t) => t.title)).toEqual(["Survives a restart"]);
    // The first token, signed before the restart, is still good too.
    expect(
      (
        await fetch(`${second.apiUrl}/api/${user.id}/tasks`, {
          headers: { authorization: `Bearer ${token}` },
        })
      ).status,
    ).toBe(200);

    expect(["0", "SIGTERM"]).toContain(await stop(second));
    expect(existsSync(path.join(dataDir, "start.pid"))).toBe(false);
    const logs = second.output() + first.output();
    expect(logs).toContain('"stopped"');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain("correct horse battery");
  }, 400_000);
});

/** The launcher run from source with `env`, to its exit: its code and what it wrote. */
async function launcherRefusal(env: Record<string, string>) {
  const data = mkdtempSync(path.join(tmpdir(), "tasks-start-refused-"));
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    cwd: root,
    env: { PATH: process.env.PATH ?? "", DATA_DIR: data, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output = outputOf(child);
  const code = await new Promise((resolve) => child.on("exit", resolve));
  const left = readdirSync(data);
  rmSync(data, { recursive: true, force: true });
  return { code, output: output(), left };
}

describe("npm start refuses a bad configuration before starting anything", () => {
  it("names the variable: a bad value, a port in use, a database it cannot reach", async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, "127.0.0.1", resolve));
    const taken = (busy.address() as { port: number }).port;
    const unreachable = "postgres://someone:secret-password@127.0.0.1:1/x";
    const cases: [Record<string, string>, RegExp][] = [
      [{ EMBEDDED_DB_PORT: "abc" }, /EMBEDDED_DB_PORT must be a whole number from 0 to 65535/],
      [{ DATABASE_URL: "mysql://x@127.0.0.1/x" }, /DATABASE_URL must be a postgres:\/\//],
      [{ DATABASE_NAMED_STATEMENTS: "yes" }, /DATABASE_NAMED_STATEMENTS/],
      [
        { WEB_PORT: String(taken) },
        new RegExp(`WEB_PORT ${taken}: another process already listens`),
      ],
      [{ API_PORT: String(taken), WEB_PORT: "0" }, new RegExp(`API_PORT ${taken}: another`)],
      [
        { DATABASE_URL: unreachable, WEB_PORT: "0", API_PORT: "0" },
        /DATABASE_URL could not be migrated/,
      ],
    ];
    try {
      for (const [env, message] of cases) {
        const { code, output, left } = await launcherRefusal(env);
        expect(code, output).toBe(1);
        expect(output).toMatch(message);
        expect(output).not.toContain("secret-password");
        // Nothing was started: no embedded database, no generated secret.
        expect(left).toEqual([]);
      }
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  }, 60_000);
});
