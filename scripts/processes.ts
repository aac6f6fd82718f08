/**
 * Servers under test (the bench, the scale-out browser test), each a child process on
 * loopback. Every child is registered so that it is killed when this process ends,
 * whether it finished, failed or was interrupted.
 */
import { type ChildProcess, spawn } from "node:child_process";
import net from "node:net";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("..", import.meta.url));

const children = new Set<ChildProcess>();
/** What is kept of a child's output by default: the end, for error messages. */
const OUTPUT_TAIL = 16 * 1024;

export interface Service {
  name: string;
  url: string;
  child: ChildProcess;
  /** What the process wrote (the last `outputTail` characters). */
  output: () => string;
  /** Its exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop: (graceMs?: number) => Promise<void>;
}

export interface LaunchOptions {
  name: string;
  /** Path of the entry point, relative to the repository root. */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Path answering 200 once the service is ready; or `readyText`, a line it prints. */
  healthPath?: string;
  readyText?: string;
  nodeArgs?: string[];
  /** Arguments after the entry point. */
  args?: string[];
  timeoutMs?: number;
  /** Characters of output to keep; all of it with Infinity. */
  outputTail?: number;
  /** Checkout to run from (another worktree, for before/after figures); this one by default. */
  cwd?: string;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return address.port;
}

const isRunning = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;

function exited(child: ChildProcess): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function launch(options: LaunchOptions): Promise<Service> {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), "--import", "tsx", options.entry, ...(options.args ?? [])],
    {
      cwd: options.cwd ?? root,
      env: { PATH: process.env.PATH ?? "", HOST: "127.0.0.1", ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.add(child);
  child.once("exit", () => children.delete(child));
  let output = "";
  const tail = options.outputTail ?? OUTPUT_TAIL;
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString("utf8")).slice(-tail);
  };
  const exitCode = new Promise<number | null>((resolve) => child.once("exit", resolve));
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const url = `http://127.0.0.1:${options.port}`;
  const stop = async (graceMs = 15_000) => {
    if (!isRunning(child)) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
    await exited(child);
    clearTimeout(timer);
  };
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  while (Date.now() < deadline && isRunning(child)) {
    const ok = options.readyText
      ? output.includes(options.readyText)
      : await fetch(`${url}${options.healthPath ?? "/"}`).then(
          (response) => response.ok,
          () => false,
        );
    if (ok) return { name: options.name, url, child, output: () => output, exited: exitCode, stop };
    await sleep(100);
  }
  child.kill("SIGKILL");
  throw new Error(`${options.name} did not start:\n${output}`);
}

/** Stops every child still running: politely first, then SIGKILL. */
export async function stopAll(graceMs = 5_000): Promise<void> {
  const running = [...children].filter(isRunning);
  for (const child of running) child.kill("SIGTERM");
  const timer = setTimeout(() => {
    for (const child of running) if (isRunning(child)) child.kill("SIGKILL");
  }, graceMs);
  await Promise.all(running.map(exited));
  clearTimeout(timer);
}

/** Last resort: nothing may outlive the bench, even when it exits abruptly. */
export function killAllNow(): void {
  for (const child of children) if (isRunning(child)) child.kill("SIGKILL");
}

process.on("exit", killAllNow);
