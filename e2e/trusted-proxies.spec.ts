/**
 * Web behind a trusted proxy (TRUSTED_PROXIES; decision 031), the production server on a
 * test database. Here the test process is the proxy, at 127.0.0.1: the client is the
 * address the proxy appended, whatever the client wrote before it; a client that reaches
 * web directly, from another address, is known by that address, whatever it forges.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { freePort, launch, type Service } from "../scripts/processes.ts";

let database: TestDatabase;
let web: Service;
let webUrl: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await createTestDatabase();
  const port = await freePort();
  webUrl = `http://localhost:${port}`;
  web = await launch({
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
      WEB_URL: webUrl,
      BETTER_AUTH_SECRET: "proxy-test-secret-that-is-long-enough-0123456789",
      AUTH_RATE_LIMIT_MAX: "3",
      TRUSTED_PROXIES: "127.0.0.1",
    },
  });
});

test.afterAll(async () => {
  await web?.stop();
  await database?.drop();
});

/** A POST to `path` from `localAddress` with `headers`: its status and JSON body. */
function post(path: string, localAddress: string, headers: Record<string, string>, body: unknown) {
  const url = new URL(path, webUrl);
  url.hostname = "127.0.0.1";
  return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
    const request = http.request(url, {
      method: "POST",
      localAddress,
      headers: { "content-type": "application/json", origin: webUrl, ...headers },
    });
    request.on("response", (response) => {
      let text = "";
      response.on("data", (chunk) => {
        text += chunk;
      });
      response.on("end", () =>
        resolve({ status: response.statusCode ?? 0, json: JSON.parse(text) }),
      );
    });
    request.on("error", reject);
    request.end(JSON.stringify(body));
  });
}

const guess = { email: "victim@example.com", password: "guess-guess" };

test("through the proxy, the bucket is the address the proxy appended", async () => {
  const statuses: number[] = [];
  for (const forged of ["1.1.1.1", "2.2.2.2, 3.3.3.3", "4.4.4.4", "5.5.5.5"]) {
    const chain = { "x-forwarded-for": `${forged}, 198.51.100.7` };
    statuses.push((await post("/api/auth/sign-in/email", "127.0.0.1", chain, guess)).status);
  }
  expect(statuses).toEqual([401, 401, 401, 429]);
  const another = { "x-forwarded-for": "198.51.100.8" };
  expect((await post("/api/auth/sign-in/email", "127.0.0.1", another, guess)).status).toBe(401);
});

test("a client that reaches web directly is known by its own address", async () => {
  const forged = { "x-forwarded-for": "198.51.100.7", "x-real-ip": "198.51.100.7" };
  expect((await post("/api/auth/sign-in/email", "127.0.0.5", forged, guess)).status).toBe(401);
});

test("the session records the client's address, not one it forged", async () => {
  const person = { email: "proxied@example.com", password: "correct horse battery" };
  const chain = { "x-forwarded-for": "6.6.6.6, 203.0.113.44" };
  const response = await fetch(new URL("/api/auth/sign-up/email", webUrl), {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl, ...chain },
    body: JSON.stringify(person),
  });
  expect(response.status).toBe(200);
  const cookie = response.headers.getSetCookie()[0]?.split(";")[0] ?? "";
  const session = await fetch(new URL("/api/auth/get-session", webUrl), { headers: { cookie } });
  expect(((await session.json()) as { session: { ipAddress: string } }).session.ipAddress).toBe(
    "203.0.113.44",
  );
});
