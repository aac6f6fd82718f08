/**
 * The product as `npm start` runs it, for the tools that measure it from outside (the page
 * audit, the dashboard's interaction bench): started on a fresh embedded database in a
 * temporary DATA_DIR (or on a new database on a PostgreSQL server the caller names, dropped
 * when it stops) and free ports, a person signed up through the real endpoint, tasks added
 * through the API with the token web issues (R-T1).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServerDatabase, type TestDatabase } from "@tasks/db/testing";
import { freePort, launch, type Service } from "./processes.ts";

export interface Product {
  webUrl: string;
  apiUrl: string;
  service: Service;
  /** Stops the product and removes its data. */
  stop: () => Promise<void>;
}

export interface Person {
  userId: string;
  cookies: { name: string; value: string }[];
}

/** Removers of the data of every product started and not yet stopped. */
const leftovers = new Set<() => Promise<void>>();

/**
 * Removes the data (folder and database) of every product started and not stopped: for a
 * tool's Ctrl-C or watchdog, after its processes are stopped (processes.ts's `stopAll`).
 */
export async function removeProductData(): Promise<void> {
  for (const remove of [...leftovers]) await remove();
}

/**
 * Starts the product and waits until both services are ready. AUDIT_WEB_PORT and
 * AUDIT_API_PORT pin its ports; `databaseServerUrl` (a PostgreSQL server) puts it on a new
 * database there instead of the embedded one. Throws when it does not start, its data removed.
 */
export async function startProduct(
  log: (message: string) => void,
  { databaseServerUrl }: { databaseServerUrl?: string } = {},
): Promise<Product> {
  const dataDir = mkdtempSync(path.join(tmpdir(), "tasks-measured-"));
  // Created before anything else, so a Ctrl-C while it is being created still drops it.
  const creating = databaseServerUrl
    ? createServerDatabase(databaseServerUrl, "tasks_measured_", false)
    : Promise.resolve(undefined);
  let removing: Promise<void> | undefined;
  const removeData = () => {
    removing ??= (async () => {
      leftovers.delete(removeData);
      try {
        const database = await creating.catch(() => undefined);
        await database?.drop();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    })();
    return removing;
  };
  leftovers.add(removeData);

  let service: Service | undefined;
  try {
    // start.ts applies the migrations, as `npm start` does.
    const database: TestDatabase | undefined = await creating;
    const webPort = Number(process.env.AUDIT_WEB_PORT ?? (await freePort()));
    const apiPort = Number(process.env.AUDIT_API_PORT ?? (await freePort()));
    const webUrl = `http://localhost:${webPort}`;
    const apiUrl = `http://localhost:${apiPort}`;
    const where = database ? `database ${new URL(database.url).pathname.slice(1)}` : dataDir;
    log(`starting the product on ${webUrl} and ${apiUrl} (data in ${where})`);
    service = await launch({
      name: "npm start",
      entry: "scripts/start.ts",
      port: webPort,
      healthPath: "/api/ready",
      timeoutMs: 120_000,
      env: {
        DATA_DIR: dataDir,
        ...(database && { DATABASE_URL: database.url }),
        WEB_PORT: String(webPort),
        API_PORT: String(apiPort),
        WEB_URL: webUrl,
        API_URL: apiUrl,
        LOG_LEVEL: "warn",
        NEXT_TELEMETRY_DISABLED: "1",
        // The interaction bench adds 10,000 tasks and works through hundreds of requests.
        API_RATE_LIMIT_MAX: "100000",
      },
    });
    await waitUntilReady(`${apiUrl}/ready`);
    const started = service;
    let stopping: Promise<void> | undefined;
    const stop = () => {
      stopping ??= started.stop().then(removeData);
      return stopping;
    };
    return { webUrl, apiUrl, service: started, stop };
  } catch (error) {
    await service?.stop();
    await removeData().catch((removal: unknown) => log(`could not remove its data: ${removal}`));
    throw error;
  }
}

async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ready = await fetch(url).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} was not ready within ${timeoutMs / 1000} s`);
}

/** Signs up through web's real endpoint, from web's own origin (Better Auth's origin check). */
export async function signUp(webUrl: string): Promise<Person> {
  const response = await fetch(`${webUrl}/api/auth/sign-up/email`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: webUrl },
    body: JSON.stringify({
      name: "Audit Person",
      email: `audit-${Date.now()}@example.com`,
      password: "a long audit password",
    }),
  });
  if (response.status !== 200) throw new Error(`sign-up answered ${response.status}`);
  const body = (await response.json()) as { user: { id: string } };
  const cookies = response.headers.getSetCookie().map((line) => {
    const pair = line.split(";", 1)[0] ?? "";
    const at = pair.indexOf("=");
    return { name: pair.slice(0, at), value: pair.slice(at + 1) };
  });
  return { userId: body.user.id, cookies };
}

/** The API token web issues for the person's session (R-T1). */
export async function apiToken(webUrl: string, person: Person): Promise<string> {
  const cookie = person.cookies.map(({ name, value }) => `${name}=${value}`).join("; ");
  const response = await fetch(`${webUrl}/api/auth/token`, { headers: { cookie } });
  if (!response.ok) throw new Error(`/api/auth/token answered ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** Adds `tasks` (the API's task input) through its import endpoint, 5,000 at a time. */
export async function importTasks(
  product: Product,
  person: Person,
  tasks: Record<string, unknown>[],
): Promise<void> {
  const token = await apiToken(product.webUrl, person);
  for (let start = 0; start < tasks.length; start += 5000) {
    const response = await fetch(`${product.apiUrl}/api/${person.userId}/tasks/import`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ tasks: tasks.slice(start, start + 5000) }),
    });
    if (response.status !== 201) {
      throw new Error(`importing tasks answered ${response.status}: ${await response.text()}`);
    }
  }
}

/** The date `days` from today, YYYY-MM-DD. */
export function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Task `i` of a realistic list: some dated (a few overdue), prioritised and tagged. */
export function plannedTask(i: number): Record<string, unknown> {
  return {
    title: `Task ${i}: ${["water the plants", "call the bank", "review the draft"][i % 3]}`,
    description: i % 2 === 0 ? `Details for task ${i}, long enough to wrap on a phone.` : "",
    completed: i % 4 === 0,
    dueDate: i % 3 === 0 ? dayFromToday((i % 15) - 5) : null,
    priority: (["none", "low", "medium", "high"] as const)[i % 4],
    tags: i % 2 === 0 ? ["home"] : i % 5 === 0 ? ["work", "urgent"] : [],
  };
}
