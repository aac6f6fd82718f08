import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const server = fileURLToPath(new URL("./server.ts", import.meta.url));

function run(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", server], {
    // Next.js's types make NODE_ENV required; a child may run without it.
    env: { PATH: process.env.PATH ?? "", WEB_PORT: "0", ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
  });
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on("exit", (code) => resolve({ code, output })),
  );
}

describe("the web server", () => {
  it("refuses to start in production with a weak secret, saying what to set", async () => {
    const { code, output } = await run({
      NODE_ENV: "production",
      DATABASE_URL: "postgres://postgres@127.0.0.1:1/none",
      BETTER_AUTH_SECRET: "too-short",
    });
    expect(code).toBe(1);
    expect(output).toContain("BETTER_AUTH_SECRET must be at least 32 characters");
    expect(output).not.toContain("too-short");
  });

  it("refuses to start without a database URL", async () => {
    const { code, output } = await run({ BETTER_AUTH_SECRET: "x".repeat(40) });
    expect(code).toBe(1);
    expect(output).toContain("DATABASE_URL is required");
  });
});
