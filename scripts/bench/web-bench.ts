/**
 * The web app's auth paths: sign-in against a raw bcrypt compare of the same stored hash,
 * and the session check alone and beside continuous sign-ins.
 */
import { createHmac } from "node:crypto";
import bcrypt from "bcrypt";
import type { Service } from "../processes.ts";
import { withClient } from "./database.ts";
import { cpuTimeUs, measureLoad, median, percentile } from "./load.ts";

/** Same as apps/web/src/server/password.ts (which only loads inside Next.js). */
const PREHASH_KEY = "tasks/password-prehash/v1";
const prehash = (password: string) =>
  createHmac("sha256", PREHASH_KEY).update(password, "utf8").digest("base64");

export interface Credentials {
  email: string;
  password: string;
}

async function post(web: Service, path: string, body: unknown): Promise<Response> {
  return fetch(`${web.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", origin: web.url },
    body: JSON.stringify(body),
  });
}

/** `name=value` pairs of every cookie the answer sets, ready for a Cookie header. */
function cookiesOf(response: Response): string {
  return response.headers
    .getSetCookie()
    .map((cookie) => cookie.split(";")[0])
    .join("; ");
}

export async function signUp(web: Service, credentials: Credentials): Promise<void> {
  const response = await post(web, "/api/auth/sign-up/email", { ...credentials, name: "Bench" });
  if (response.status !== 200) {
    throw new Error(`sign-up answered ${response.status}: ${await response.text()}`);
  }
}

/** One sign-in: its wall time in ms and the session cookie. */
export async function signIn(web: Service, credentials: Credentials) {
  const started = performance.now();
  const response = await post(web, "/api/auth/sign-in/email", credentials);
  await response.arrayBuffer();
  const ms = performance.now() - started;
  if (response.status !== 200) throw new Error(`sign-in answered ${response.status}`);
  return { ms, cookie: cookiesOf(response) };
}

export interface SampleStats {
  median: number;
  p95: number;
}

const stats = (samples: number[]): SampleStats => ({
  median: median(samples),
  p95: percentile(samples, 95),
});

/** The hash web stored for the account, read back from the database. */
async function storedHash(databaseUrl: string, email: string): Promise<string> {
  const { rows } = await withClient(databaseUrl, (client) =>
    client.query<{ password: string }>(
      `select a.password from account a join "user" u on u.id = a.user_id
       where lower(u.email) = lower($1) and a.provider_id = 'credential'`,
      [email],
    ),
  );
  const hash = rows[0]?.password;
  if (!hash) throw new Error("no stored password hash for the bench account");
  return hash;
}

/**
 * `count` sequential sign-ins and `count` bcrypt compares of the hash web stored for the
 * same password, alternated so that any background load weighs on both alike.
 */
export async function signInVersusBcrypt(
  web: Service,
  databaseUrl: string,
  credentials: Credentials,
  count: number,
): Promise<{ signIn: SampleStats; bcrypt: SampleStats; cost: number; cpuMs?: number }> {
  await signIn(web, credentials); // warm: first-use code paths, pool connections
  const hash = await storedHash(databaseUrl, credentials.email);
  const input = prehash(credentials.password);
  if (!(await bcrypt.compare(input, hash))) throw new Error("the prehash differs from web's");
  const signIns: number[] = [];
  const compares: number[] = [];
  const cpuBefore = await cpuTimeUs(web.child.pid);
  for (let i = 0; i < count; i++) {
    signIns.push((await signIn(web, credentials)).ms);
    const started = performance.now();
    await bcrypt.compare(input, hash);
    compares.push(performance.now() - started);
  }
  const cpuAfter = await cpuTimeUs(web.child.pid);
  // Web's CPU per sign-in, all threads: the hash and everything around it.
  const cpuMs =
    cpuBefore !== undefined && cpuAfter !== undefined
      ? (cpuAfter - cpuBefore) / 1000 / count
      : undefined;
  return {
    signIn: stats(signIns),
    bcrypt: stats(compares),
    cost: bcrypt.getRounds(hash),
    cpuMs,
  };
}

export interface SessionCheckOptions {
  cookie: string;
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
  /** Sign-in loops running for the whole phase. */
  parallelSignIns: number;
  credentials: Credentials;
}

/** GET /api/auth/get-session under load, optionally with sign-ins hashing meanwhile. */
export async function sessionCheck(web: Service, options: SessionCheckOptions) {
  const check = await fetch(`${web.url}/api/auth/get-session`, {
    headers: { cookie: options.cookie },
  });
  const session = (await check.json()) as { user?: { email?: string } } | null;
  if (session?.user?.email !== options.credentials.email) {
    throw new Error(`get-session did not return the bench account (${check.status})`);
  }
  let running = true;
  let signIns = 0;
  let failure: unknown;
  const loops = Array.from({ length: options.parallelSignIns }, async () => {
    while (running) {
      await signIn(web, options.credentials);
      signIns++;
    }
  }).map((loop) =>
    loop.catch((error: unknown) => {
      failure = error;
      running = false;
    }),
  );
  try {
    const result = await measureLoad({
      url: `${web.url}/api/auth/get-session`,
      headers: { cookie: options.cookie },
      // Beside sign-ins the process's CPU is mostly bcrypt: not a per-check cost.
      pid: options.parallelSignIns === 0 ? web.child.pid : undefined,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      warmupSeconds: options.warmupSeconds,
    });
    if (failure) throw failure;
    return { ...result, signIns };
  } finally {
    running = false;
    await Promise.all(loops);
  }
}
