/**
 * The production web server at the edges of HTTP, over raw sockets: every method on every
 * kind of path has a defined answer (SPEC R-O9), a refused body never breaks the
 * connection (R-O10), and SIGTERM under load resets nobody (R-O11).
 */
import { readdirSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { API_URL, WEB_URL } from "../playwright.config";
import { freePort, launch, root } from "../scripts/processes.ts";
import { expect, test } from "./fixtures";

interface Answer {
  status: number;
  headers: Record<string, string>;
}

/** Status line and headers of every answer in `raw`, in order. */
function parseAnswers(raw: string): Answer[] {
  return [...raw.matchAll(/HTTP\/1\.1 (\d{3})[^\r]*\r\n((?:[^\r]+\r\n)*)\r\n/g)].map((match) => ({
    status: Number(match[1]),
    headers: Object.fromEntries(
      (match[2] ?? "")
        .split("\r\n")
        .filter(Boolean)
        .map((line) => {
          const colon = line.indexOf(":");
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
    ),
  }));
}

/**
 * Writes `requests` on one connection, one after another as the answers come, and
 * returns the answers and how the connection ended.
 */
async function onOneConnection(
  url: string,
  requests: (string | Buffer)[][],
): Promise<{ answers: Answer[]; error?: string }> {
  const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
  let raw = "";
  let error: string | undefined;
  socket.on("data", (chunk) => {
    raw += chunk.toString("latin1");
  });
  const closed = new Promise<void>((resolve) => socket.on("close", () => resolve()));
  socket.on("error", (e: NodeJS.ErrnoException) => {
    error = e.code;
  });
  await new Promise((resolve) => socket.once("connect", resolve));
  for (const [index, parts] of requests.entries()) {
    for (const part of parts) {
      if (!socket.writable) break;
      socket.write(part);
    }
    const deadline = Date.now() + 10_000;
    while (parseAnswers(raw).length <= index && !socket.destroyed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  socket.end();
  await closed;
  return { answers: parseAnswers(raw), error };
}

const request = (method: string, target: string, headers = "") =>
  `${method} ${target} HTTP/1.1\r\nHost: localhost\r\n${headers}\r\n`;

test.describe("every method on every path has a defined answer", () => {
  const chunk = readdirSync(path.join(root, "apps/web/.next/static/chunks")).find((name) =>
    name.endsWith(".js"),
  );
  const paths = [
    "/",
    "/signin",
    "/signup",
    "/dashboard",
    "/api/auth/sign-in/email",
    "/api/auth/sign-up/email",
    "/api/auth/sign-out",
    "/api/auth/get-session",
    "/api/auth/token",
    "/api/auth/jwks",
    "/api/auth/update-user",
    "/api/health",
    "/api/ready",
    "/api/unknown",
    "/no-such-page",
    `/_next/static/chunks/${chunk}`,
  ];
  const methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
  const unimplemented = ["TRACE", "TRACK", "CONNECT", "PROPFIND", "FOO", "M-SEARCH"];

  test("implemented methods: 2xx, 3xx, 404, or 405 with Allow; never 5xx", async () => {
    for (const target of paths) {
      for (const method of methods) {
        const { answers } = await onOneConnection(WEB_URL, [
          [request(method, target, "Content-Length: 0\r\n")],
        ]);
        const answer = answers[0];
        const where = `${method} ${target}`;
        expect(answer, where).toBeDefined();
        expect(answer?.status ?? 0, where).toBeLessThan(500);
        if (answer?.status === 405) {
          expect(answer.headers.allow?.split(", "), where).not.toContain(method);
        }
        if (method === "OPTIONS" && answer?.status === 204) {
          expect(answer.headers.allow, where).toContain("OPTIONS");
        }
      }
    }
  });

  test("methods no resource implements: 501, the connection closed cleanly", async () => {
    for (const target of paths) {
      for (const method of unimplemented) {
        const requestTarget = method === "CONNECT" ? "localhost:443" : target;
        const { answers, error } = await onOneConnection(WEB_URL, [
          [request(method, requestTarget)],
        ]);
        expect(
          answers.map((a) => a.status),
          `${method} ${target}`,
        ).toEqual([501]);
        expect(error, `${method} ${target}`).toBeUndefined();
      }
    }
  });
});

test.describe("request targets a browser would never send", () => {
  const once = (text: string) => onOneConnection(WEB_URL, [[text]]);

  test("are answered 4xx, and never send anyone off the site", async () => {
    const cases: [string, number][] = [
      [request("GET", "/signin?next=/a&next=/b"), 200],
      [request("GET", "/signup?next=/a&next=//x.example"), 200],
      [request("POST", "/api/../signin", "Content-Length: 0\r\n"), 405],
      [request("PUT", "/api/%2e%2e/", "Content-Length: 0\r\n"), 405],
      [request("GET", "/api/auth/x%zz"), 400],
      [request("GET", "*"), 400],
      [request("OPTIONS", "*"), 204],
      [request("GET", "/_next/image?url=%2Ficon.svg&w=64&q=75"), 404],
    ];
    for (const [text, status] of cases) {
      const { answers } = await once(text);
      expect(answers[0]?.status, text).toBe(status);
    }
    const absolute = await once("GET http://x.example/signin HTTP/1.1\r\nHost: localhost\r\n\r\n");
    const location = absolute.answers[0]?.headers.location;
    if (location) expect(new URL(location, WEB_URL).origin).toBe(new URL(WEB_URL).origin);
    expect(absolute.answers[0]?.status).toBeLessThan(500);
  });

  test("a pipelined request Node cannot parse is answered after the ones before it", async () => {
    const { answers } = await once(
      `${request("GET", "/api/health")}FOO / HTTP/1.1\r\nHost: x\r\n\r\n`,
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 501]);
  });
});

test.describe("a refused body never breaks the connection", () => {
  const big = Buffer.alloc(2 * 1024 * 1024, "a");
  const chunked = (body: Buffer) => {
    const parts: (string | Buffer)[] = [];
    for (let offset = 0; offset < body.length; offset += 64 * 1024) {
      const piece = body.subarray(offset, offset + 64 * 1024);
      parts.push(`${piece.length.toString(16)}\r\n`, piece, "\r\n");
    }
    parts.push("0\r\n\r\n");
    return parts;
  };
  const json = `Origin: ${WEB_URL}\r\nContent-Type: application/json\r\n`;
  const next = [request("GET", "/api/health")];

  for (const target of [
    "/api/auth/sign-in/email",
    "/api/auth/sign-up/email",
    "/api/auth/sign-out",
    "/api/auth/nope",
    "/signin",
    "/api/health",
  ]) {
    test(`${target}: over the limit, by length and chunked, then the next request`, async () => {
      for (const body of [
        [request("POST", target, `${json}Content-Length: ${big.length}\r\n`), big],
        [request("POST", target, `${json}Transfer-Encoding: chunked\r\n`), ...chunked(big)],
        [request("POST", target, `${json}Content-Length: 20000\r\n`), Buffer.alloc(20_000, "{")],
      ]) {
        const { answers, error } = await onOneConnection(WEB_URL, [body, next]);
        expect(error).toBeUndefined();
        const [refused, following] = answers;
        expect(refused?.status).toBeGreaterThanOrEqual(400);
        expect(refused?.status).toBeLessThan(500);
        if (refused?.headers.connection === "close") continue;
        expect(following?.status).toBe(200);
      }
    });
  }
});

test.describe("SIGTERM under load", () => {
  let database: TestDatabase;
  test.beforeAll(async () => {
    database = await createTestDatabase();
  });
  test.afterAll(async () => {
    await database?.drop();
  });

  /** A GET written as soon as its connection opens: the status line, or the socket error. */
  function rawGet(url: string, target: string): Promise<string> {
    return new Promise((resolve) => {
      const socket = net.connect(Number(new URL(url).port), "127.0.0.1");
      let answer = "";
      socket.on("data", (data) => {
        answer += data;
      });
      socket.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
      socket.on("close", () => resolve(answer.split("\r\n")[0] || "closed without an answer"));
      socket.on("connect", () => socket.write(request("GET", target, "Connection: close\r\n")));
    });
  }

  test("web answers every request sent before SIGTERM, then exits 0", async () => {
    test.setTimeout(120_000);
    const port = await freePort();
    const web = await launch({
      name: "web",
      entry: "apps/web/server.ts",
      port,
      healthPath: "/api/ready",
      env: {
        NODE_ENV: "production",
        NEXT_TELEMETRY_DISABLED: "1",
        LOG_LEVEL: "warn",
        DATABASE_URL: database.url,
        DATABASE_POOL_MAX: "4",
        WEB_PORT: String(port),
        WEB_URL: `http://localhost:${port}`,
        API_URL,
        BETTER_AUTH_SECRET: "shutdown-test-secret-that-is-long-enough-0123",
        // Readiness first (R-O11): requests sent before SIGTERM arrive within the delay.
        SHUTDOWN_DELAY: "10",
      },
    });
    const answers = Array.from({ length: 300 }, (_, i) =>
      rawGet(web.url, i % 2 ? "/api/health" : "/signin"),
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
    web.child.kill("SIGTERM");
    expect(await Promise.all(answers)).toEqual(Array(300).fill("HTTP/1.1 200 OK"));
    expect(await web.exited).toBe(0);
    expect(web.output()).not.toMatch(/"level":(50|60)/);
  });
});
