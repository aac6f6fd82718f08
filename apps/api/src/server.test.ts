import http from "node:http";
import net from "node:net";
import { createDatabase, createPool, schema } from "@tasks/db";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestIssuer, TEST_ISSUER, type TestIssuer } from "./testing/issuer.ts";
import { type ApiProcess, spawnApi, startApi } from "./testing/process.ts";

let database: TestDatabase;
let issuer: TestIssuer;
const userId = "server-test-user";

beforeAll(async () => {
  database = await createTestDatabase();
  issuer = await startTestIssuer();
  const pool = createPool(database.url, { max: 1 });
  await createDatabase(pool)
    .insert(schema.user)
    .values({ id: userId, name: "S", email: "s@example.test" });
  await pool.end();
});
afterAll(async () => {
  await issuer?.close();
  await database?.drop();
});

const env = () => ({
  DATABASE_URL: database.url,
  AUTH_JWKS_URL: issuer.jwksUrl,
  AUTH_ISSUER: TEST_ISSUER,
  DATABASE_POOL_MAX: "3",
  DATABASE_NAMED_STATEMENTS: String(!database.embedded),
});

/** A POST whose body arrives in two parts, so it is in flight for as long as we like. */
function slowPost(url: string, token: string) {
  const body = JSON.stringify({ title: "Finished during shutdown" });
  const request = http.request(`${url}/api/${userId}/tasks`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${token}`,
      "content-type": "application/json",
      "content-length": body.length,
    },
  });
  const response = new Promise<{ status: number; body: string }>((resolve, reject) => {
    request.on("response", (res) => {
      let text = "";
      res.on("data", (chunk) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    request.on("error", reject);
  });
  request.write(body.slice(0, 5));
  return { finish: () => request.end(body.slice(5)), response };
}

describe("the API process", () => {
  let api: ApiProcess;

  it("serves real HTTP and logs JSON with request ids and no tokens", async () => {
    api = await startApi(env());
    const token = await issuer.sign(userId);
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect((await fetch(`${api.url}/ready`)).status).toBe(200);
    const denied = await fetch(`${api.url}/api/${userId}/tasks`);
    expect(denied.status).toBe(401);
    const listed = await fetch(`${api.url}/api/${userId}/tasks?limit=5`, {
      headers: { authorization: `Bearer ${token}`, "x-request-id": "trace-123" },
    });
    expect(listed.status).toBe(200);
    expect(listed.headers.get("x-request-id")).toBe("trace-123");

    const readRequestLogs = () =>
      api
        .output()
        .split("\n")
        .filter((line) => line.includes('"request"'))
        .map((line) => JSON.parse(line));
    await expect.poll(() => readRequestLogs().length).toBeGreaterThanOrEqual(4);
    const requestLogs = readRequestLogs();
    for (const log of requestLogs) expect(log.reqId).toEqual(expect.any(String));
    expect(requestLogs).toContainEqual(
      expect.objectContaining({
        reqId: "trace-123",
        method: "GET",
        status: 200,
        path: "/api/:user_id/tasks",
      }),
    );
    expect(api.output()).not.toContain(token);
    expect(api.output()).not.toContain(token.split(".")[2]);
  });

  it("finishes a request in flight on SIGTERM, then exits 0", async () => {
    const token = await issuer.sign(userId);
    const inFlight = slowPost(api.url, token);
    await new Promise((resolve) => setTimeout(resolve, 200));
    api.child.kill("SIGTERM");
    // New connections are refused once the listener is closed (decision 035), while the
    // request in flight is still served.
    await expect
      .poll(
        () =>
          fetch(`${api.url}/health`).then(
            () => "accepted",
            () => "refused",
          ),
        { timeout: 5_000, interval: 400 },
      )
      .toBe("refused");
    inFlight.finish();
    const response = await inFlight.response;
    expect(response.status).toBe(201);
    expect(JSON.parse(response.body).title).toBe("Finished during shutdown");
    expect(await api.exited).toBe(0);
    expect(api.output()).toContain('"stopped"');
  });
});

/**
 * A GET written on a connection of its own as soon as it is open: the answer's status
 * line, or the socket error's code (ECONNRESET for a reset).
 */
function rawGet(url: string, path: string, token: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.on("close", () => resolve(answer.split("\r\n")[0] || "closed without an answer"));
    socket.on("connect", () =>
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
      ),
    );
  });
}

describe("shutdown under load", () => {
  it("answers every request sent before SIGTERM (SPEC R-O11)", async () => {
    // Readiness first: the requests arrive within SHUTDOWN_DELAY.
    const api = await startApi({ ...env(), SHUTDOWN_DELAY: "10" });
    const token = await issuer.sign(userId);
    const answers = Array.from({ length: 40 }, () =>
      rawGet(api.url, `/api/${userId}/tasks`, token),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    api.child.kill("SIGTERM");
    expect(await Promise.all(answers)).toEqual(Array(40).fill("HTTP/1.1 200 OK"));
    expect(await api.exited).toBe(0);
  });

  it("says it is not ready during SHUTDOWN_DELAY, while still serving", async () => {
    const api = await startApi({ ...env(), SHUTDOWN_DELAY: "1" });
    api.child.kill("SIGTERM");
    await new Promise((resolve) => setTimeout(resolve, 300));
    const ready = await fetch(`${api.url}/ready`);
    expect(ready.status).toBe(503);
    expect(ready.headers.get("retry-after")).toBe("5");
    expect((await fetch(`${api.url}/health`)).status).toBe(200);
    expect(await api.exited).toBe(0);
  });
});

describe("shutdown when nobody reads the logs any more", () => {
  it("still exits 0 on SIGTERM", async () => {
    const api = await startApi(env());
    api.child.stdout?.destroy();
    api.child.kill("SIGTERM");
    const code = await Promise.race([
      api.exited,
      new Promise((resolve) => setTimeout(() => resolve("hung"), 5_000)),
    ]);
    if (code === "hung") api.child.kill("SIGKILL");
    expect(code).toBe(0);
  });
});

describe("configuration", () => {
  it("stops with a message naming the variable when a value is bad", async () => {
    const bad = spawnApi({ ...env(), API_PORT: "eighty", AUTH_JWKS_URL: "ftp://x" });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toContain("API_PORT");
    expect(bad.output()).toContain("AUTH_JWKS_URL");

    const missing = spawnApi({ AUTH_JWKS_URL: issuer.jwksUrl });
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain("DATABASE_URL");
  });
});
