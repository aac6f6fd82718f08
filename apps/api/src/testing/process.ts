/** Runs the API as `npm run start:api` would, as a child process, for end-to-end tests. */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const entry = fileURLToPath(new URL("../index.ts", import.meta.url));

export interface ApiProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

export function spawnApi(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", entry], {
    env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", API_PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** Starts the API and waits until it listens. */
export async function startApi(env: Record<string, string>): Promise<ApiProcess> {
  const api = spawnApi(env);
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const line = api
      .output()
      .split("\n")
      .find((l) => l.includes('"api listening"'));
    if (line) return { ...api, url: `http://127.0.0.1:${JSON.parse(line).port}` };
    if (api.child.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  api.child.kill("SIGKILL");
  throw new Error(`API did not start:\n${api.output()}`);
}
