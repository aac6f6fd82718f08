/**
 * Two web and two API instances on one database, as behind a load balancer: tokens, keys,
 * throttling, request limits and sessions are shared, and an ended session's tokens are
 * refused by both APIs within a second; a database outage under load gives
 * 503s, never 500s, and passes, and a page shows the error page and recovers by "Try again";
 * SIGTERM lets requests in flight finish.
 */
import http from "node:http";
import { expect, test } from "@playwright/test";
import {
  createTestDatabase,
  startTcpProxy,
  type TcpProxy,
  type TestDatabase,
} from "@tasks/db/testing";
import { freePort, launch as launchService, type Service } from "../scripts/processes.ts";
import { seriousViolations } from "./fixtures";

const SECRET = "scale-out-secret-that-is-long-enough-0123456789";

type Instance = Service;

/** One instance of a service, configured by `env`, as `npm run start:web|api` runs it. */
function launch(
  name: string,
  entry: string,
  port: number,
  env: Record<string, string>,
): Promise<Instance> {
  return launchService({
    name,
    entry,
    port,
    healthPath: name.startsWith("web") ? "/api/health" : "/health",
    // All of it: the last test checks that no password or token was ever logged.
    outputTail: Number.POSITIVE_INFINITY,
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1", LOG_LEVEL: "warn", ...env },
  });
}

let database: TestDatabase;
let proxy: TcpProxy;
let webs: Instance[] = [];
let apis: Instance[] = [];
let webUrl: string;

test.describe.configure({ mode: "serial", timeout: 120_000 });

test.beforeAll(async () => {
  test.setTimeout(180_000);
  database = await createTestDatabase();
  proxy = await startTcpProxy(database.url);
  const [web1, web2, api1, api2] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  // The public URL (issuer, origin) is the load balancer's; here, the first web instance.
  webUrl = `http://localhost:${web1}`;
  const shared = {
    DATABASE_URL: proxy.url,
    WEB_URL: webUrl,
    AUTH_ISSUER: webUrl,
    DATABASE_POOL_MAX: "4",
  };
  webs = await Promise.all(
    [web1, web2].map((port, i) =>
      launch(`web${i + 1}`, "apps/web/server.ts", port, {
        ...shared,
        WEB_PORT: String(port),
        BETTER_AUTH_SECRET: SECRET,
        API_URL: `http://localhost:${api1}`,
      }),
    ),
  );
  apis = await Promise.all(
    [api1, api2].map((port, i) =>
      launch(`api${i + 1}`, "apps/api/src/index.ts", port, {
        ...shared,
        API_PORT: String(port),
        AUTH_JWKS_URL: `${webs[i]?.url}/api/auth/jwks`,
        API_RATE_LIMIT_MAX: "40",
        // The test database is PGlite unless TEST_DATABASE_URL names a server: one session
        // behind every connection, where named statements would clash (as npm start sets).
        DATABASE_NAMED_STATEMENTS: String(!database.embedded),
      }),
    ),
  );
});

test.afterAll(async () => {
  for (const instance of [...webs, ...apis])
    if (instance.child.exitCode === null) instance.child.kill("SIGKILL");
  await proxy?.close();
  await database?.drop();
});

const [w1, w2] = [0, 1];
/** Every session token handed out, which no log line may hold. */
const sessionTokens: string[] = [];

async function signUp(web: Instance, email: string) {
  const response = await fetch(`${web.url}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify({ email, password: "correct horse battery" }),
  });
  expect(response.status).toBe(200);
  const { user } = (await response.json()) as { user: { id: string } };
  const cookie = (response.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  sessionTokens.push(decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "");
  return { id: user.id, cookie };
}

async function token(web: Instance, cookie: string) {
  const response = await fetch(`${web.url}/api/auth/token`, { headers: { cookie } });
  return {
    status: response.status,
    token: response.ok ? ((await response.json()) as { token: string }).token : "",
  };
}

const kidOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split(".")[0] ?? "", "base64url").toString()).kid;

test("a token from web #1 works on API #2, and both web instances sign with the same key", async () => {
  const person = await signUp(webs[w1] as Instance, "ada@example.com");
  const fromFirst = await token(webs[w1] as Instance, person.cookie);
  const fromSecond = await token(webs[w2] as Instance, person.cookie);
  expect(fromFirst.status).toBe(200);
  expect(fromSecond.status).toBe(200);
  expect(kidOf(fromSecond.token)).toBe(kidOf(fromFirst.token));

  const created = await fetch(`${apis[1]?.url}/api/${person.id}/tasks`, {
    method: "POST",
    headers: { authorization: `Bearer ${fromFirst.token}`, "content-type": "application/json" },
    body: JSON.stringify({ title: "Made on API #2 with a token from web #1" }),
  });
  expect(created.status).toBe(201);
  const listed = await fetch(`${apis[0]?.url}/api/${person.id}/tasks`, {
    headers: { authorization: `Bearer ${fromSecond.token}` },
  });
  expect(((await listed.json()) as { tasks: unknown[] }).tasks).toHaveLength(1);
});

test("sign-in throttling counts attempts on both web instances together, spoofing or not", async () => {
  const attempt = (web: Instance, spoofed: Record<string, string> = {}) =>
    fetch(`${web.url}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: webUrl, ...spoofed },
      body: JSON.stringify({ email: "ada@example.com", password: "wrong-guess" }),
    }).then((r) => r.status);
  const statuses: number[] = [];
  for (let i = 0; i < 10; i++) {
    const spoofed = {
      "x-forwarded-for": `203.0.113.${i}`,
      "x-real-ip": `198.51.100.${i}`,
      forwarded: `for=192.0.2.${i}`,
    };
    statuses.push(await attempt(webs[i % 2] as Instance, spoofed));
  }
  expect(statuses.every((s) => s === 401)).toBe(true);
  expect(await attempt(webs[w1] as Instance)).toBe(429);
  expect(await attempt(webs[w2] as Instance, { "x-forwarded-for": "10.1.2.3" })).toBe(429);
});

test("the per-person API limit holds across both API instances", async () => {
  const person = await signUp(webs[w2] as Instance, "limit@example.com");
  const { token: jwt } = await token(webs[w2] as Instance, person.cookie);
  // Windows are whole minutes of the clock: start well inside one, or the count restarts midway.
  const msLeft = 60_000 - (Date.now() % 60_000);
  if (msLeft < 15_000) await new Promise((resolve) => setTimeout(resolve, msLeft + 200));
  const statuses: number[] = [];
  for (let i = 0; i < 60; i++) {
    const response = await fetch(`${apis[i % 2]?.url}/api/${person.id}/tasks/counts`, {
      headers: { authorization: `Bearer ${jwt}` },
    });
    statuses.push(response.status);
    await new Promise((resolve) => setTimeout(resolve, 15)); // lets the instances share counts
  }
  const allowed = statuses.filter((s) => s === 200).length;
  expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
  // 40 allowed in all, give or take what the two instances served between syncs.
  expect(allowed).toBeGreaterThanOrEqual(40);
  expect(allowed).toBeLessThanOrEqual(46);
});

test("a session ended on one web instance is ended on the other", async () => {
  const person = await signUp(webs[w1] as Instance, "grace@example.com");
  expect((await token(webs[w2] as Instance, person.cookie)).status).toBe(200);
  const out = await fetch(`${webs[w2]?.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { cookie: person.cookie, origin: webUrl, "content-type": "application/json" },
    body: "{}",
  });
  expect(out.status).toBe(200);
  expect((await token(webs[w1] as Instance, person.cookie)).status).toBe(401);
});

test("a session ended on web is refused by both API instances within a second (R-S6)", async () => {
  const person = await signUp(webs[w1] as Instance, "ended@example.com");
  const { token: jwt } = await token(webs[w2] as Instance, person.cookie);
  const status = async (api: Instance) =>
    (
      await fetch(`${api.url}/api/${person.id}/tasks/counts`, {
        headers: { authorization: `Bearer ${jwt}` },
      })
    ).status;
  for (const api of apis) expect(await status(api)).toBe(200);
  const out = fetch(`${webs[w2]?.url}/api/auth/sign-out`, {
    method: "POST",
    headers: { cookie: person.cookie, origin: webUrl, "content-type": "application/json" },
    body: "{}",
  });
  const started = Date.now();
  expect((await out).status).toBe(200);
  // Every 100 ms: the person's request limit (40 a minute) must not run out first.
  const latencies = await Promise.all(
    apis.map(async (api) => {
      while (Date.now() - started < 3_000) {
        if ((await status(api)) === 401) return Date.now() - started;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return Number.POSITIVE_INFINITY;
    }),
  );
  for (const ms of latencies) expect(ms).toBeLessThan(1_000);
});

test("in production without SMTP_URL, reset by email is not available, and web runs", async () => {
  const asked = await fetch(`${webs[w1]?.url}/api/auth/request-password-reset`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify({ email: "ada@example.com" }),
  });
  expect(asked.status).toBe(503);
  expect(await asked.json()).toMatchObject({ code: "RESET_NOT_AVAILABLE" });
  const page = await (await fetch(`${webs[w2]?.url}/forgot-password`)).text();
  expect(page).toContain("Password reset by email is not available here");
  expect(page).not.toContain("Send reset link");
});

test("under load, a database outage gives 503s (never 500s), and both services recover", async () => {
  const person = await signUp(webs[w1] as Instance, "load@example.com");
  const { token: jwt } = await token(webs[w1] as Instance, person.cookie);
  const statuses: number[] = [];
  const failures: string[] = [];
  let running = true;
  const load = Array.from({ length: 6 }, async (_, worker) => {
    while (running) {
      const api = apis[worker % 2] as Instance;
      const web = webs[worker % 2] as Instance;
      const response =
        worker < 4
          ? await fetch(`${api.url}/api/${person.id}/tasks?limit=5`, {
              headers: { authorization: `Bearer ${jwt}` },
            })
          : await fetch(`${web.url}/api/auth/get-session`, { headers: { cookie: person.cookie } });
      statuses.push(response.status);
      if (response.status >= 500 && response.status !== 503)
        failures.push(`${response.url} ${response.status} ${await response.text()}`);
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 500));
  proxy.cut();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  proxy.restore();
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  running = false;
  await Promise.all(load);

  expect(failures).toEqual([]);
  expect(statuses).toContain(503);
  // Recovered: every instance is ready and serves a new person (the load above spent the
  // first person's request allowance, so 429s were expected there).
  const fresh = await signUp(webs[w2] as Instance, "after-outage@example.com");
  const { token: freshToken } = await token(webs[w1] as Instance, fresh.cookie);
  for (const api of apis) {
    const response = await fetch(`${api.url}/api/${fresh.id}/tasks`, {
      headers: { authorization: `Bearer ${freshToken}` },
    });
    expect(response.status).toBe(200);
  }
  for (const instance of [...webs, ...apis]) {
    const ready = instance.name.startsWith("web")
      ? `${instance.url}/api/ready`
      : `${instance.url}/ready`;
    expect((await fetch(ready)).status).toBe(200);
  }
});

test("during an outage a page says so, with its title and no accessibility fault, and recovers", async ({
  browser,
}) => {
  const person = await signUp(webs[w1] as Instance, "page-outage@example.com");
  const [name, value] = person.cookie.split("=");
  const context = await browser.newContext();
  await context.addCookies([{ name: name ?? "", value: value ?? "", url: webs[w1]?.url ?? "" }]);
  const page = await context.newPage();
  const unavailable = page.getByText("The service is temporarily unavailable");
  // Loaded whole, then reached from another page (the browser's router renders the error).
  proxy.cut();
  await page.goto(`${webs[w1]?.url}/account`);
  await expect(unavailable).toBeVisible();
  await expect(page).toHaveTitle("Service unavailable · Tasks");
  expect(await seriousViolations(page)).toEqual([]);
  const download = await fetch(`${webs[w1]?.url}/api/account/data`, {
    headers: { cookie: person.cookie },
  });
  expect(download.status).toBe(503);
  expect(download.headers.get("retry-after")).toMatch(/^\d+$/);
  expect(await download.json()).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
  proxy.restore();
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page).toHaveTitle("Account · Tasks");
  await page.goto(`${webs[w1]?.url}/dashboard`);
  proxy.cut();
  await page.getByRole("link", { name: "Account" }).click();
  await expect(unavailable).toBeVisible();
  await expect(page).toHaveTitle("Service unavailable · Tasks");
  expect(await seriousViolations(page)).toEqual([]);
  proxy.restore();
  await page.getByRole("button", { name: "Try again" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Account" })).toBeVisible();
  await expect(page).toHaveTitle("Account · Tasks");
  await context.close();
});

/** A request whose body arrives in two parts, so it is in flight when the signal comes. */
function slowSignIn(url: string) {
  const body = JSON.stringify({ email: "ada@example.com", password: "correct horse battery" });
  const request = http.request(`${url}/api/auth/sign-in/email`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "content-length": body.length,
      origin: webUrl,
      "x-forwarded-for": "1.2.3.4",
    },
  });
  const status = new Promise<number>((resolve, reject) => {
    request.on("response", (response) => {
      response.resume();
      response.on("end", () => resolve(response.statusCode ?? 0));
    });
    request.on("error", reject);
  });
  request.write(body.slice(0, 10));
  return { finish: () => request.end(body.slice(10)), status };
}

test("SIGTERM lets the requests in flight finish, then each instance exits 0", async () => {
  const inFlight = slowSignIn((webs[w2] as Instance).url);
  await new Promise((resolve) => setTimeout(resolve, 300));
  for (const instance of [...webs, ...apis]) instance.child.kill("SIGTERM");
  await new Promise((resolve) => setTimeout(resolve, 300));
  inFlight.finish();
  // Answered, not cut off (429: this address has used up its attempts above).
  expect([200, 429]).toContain(await inFlight.status);
  for (const instance of [...webs, ...apis]) {
    expect(await instance.exited, `${instance.name}:\n${instance.output()}`).toBe(0);
    expect(instance.output()).not.toMatch(/correct horse battery|eyJ[\w-]+\.[\w-]+\./);
    for (const token of sessionTokens) expect(instance.output()).not.toContain(token);
  }
});
