/**
 * The README's "Driving the API with your own keys", followed word for word: the API run
 * alone with the section's settings, a JWKS of our own, and a token carrying exactly the
 * claims the section's table lists, each holding what it says. If the README leaves out a
 * claim the API requires, or says one must hold what the API refuses, this fails.
 */
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { type JWTPayload, SignJWT } from "jose";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSigningKey, type SigningKey } from "./testing/issuer.ts";
import { type ApiProcess, startApi } from "./testing/process.ts";

const readme = readFileSync(new URL("../../../README.md", import.meta.url), "utf8");
const section = readme.split("### Driving the API with your own keys")[1]?.split("\n## ")[0] ?? "";
/** `NAME=value` in the section's command. */
const setting = (name: string) => new RegExp(`${name}=(\\S+)`).exec(section)?.[1];
/** The claims of the section's table: its first column. */
const claims = [...section.matchAll(/^\| `([a-z]+)` +\|/gm)].map((match) => match[1] ?? "");
/** The section's example statements, in backticks. */
const statement = (start: string) =>
  new RegExp(`\`(${start}[^\`]*);\``).exec(section)?.[1] ?? `-- no ${start} in the README`;

let database: TestDatabase;
let key: SigningKey;
let jwks: http.Server;
let api: ApiProcess;

beforeAll(async () => {
  database = await createTestDatabase();
  key = await createSigningKey();
  jwks = http.createServer((_, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify({ keys: [key.publicJwk] }));
  });
  await new Promise<void>((resolve) => jwks.listen(0, "127.0.0.1", resolve));
  const { port } = jwks.address() as AddressInfo;
  api = await startApi({
    DATABASE_URL: database.url,
    DATABASE_NAMED_STATEMENTS: String(!database.embedded),
    AUTH_JWKS_URL: `http://127.0.0.1:${port}/jwks`,
    AUTH_ISSUER: setting("AUTH_ISSUER") ?? "",
    AUTH_AUDIENCE: setting("AUTH_AUDIENCE") ?? "",
  });
});
afterAll(async () => {
  api?.child.kill("SIGTERM");
  await api?.exited;
  await new Promise<void>((resolve) => jwks?.close(() => resolve()));
  await database?.drop();
});

async function sql(text: string) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

/** A token with the README's claims (but `without`), each as its row says, nothing else. */
function readmeToken(userId: string, sessionId: string, without?: string): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const values: Record<string, unknown> = {
    sub: userId,
    iss: setting("AUTH_ISSUER"),
    aud: setting("AUTH_AUDIENCE"),
    iat: now,
    exp: now + 15 * 60,
    sid: sessionId,
    sexp: now + 86_400,
    amr: ["pwd"],
  };
  const listed = claims.filter((claim) => claim !== without);
  const payload = Object.fromEntries(listed.map((claim) => [claim, values[claim]]));
  return new SignJWT(payload as JWTPayload)
    .setProtectedHeader({ alg: "EdDSA", kid: key.kid })
    .sign(key.privateKey);
}

describe("the README's own keys (README, Driving the API with your own keys)", () => {
  it("lists the claims, and a token made as it says is accepted, then refused once ended", async () => {
    expect(claims.length).toBeGreaterThan(0);
    await sql(statement('insert into "user"'));
    const userId = /values \('([^']+)'/.exec(statement('insert into "user"'))?.[1] ?? "";
    const sessionId = randomUUID();
    const token = await readmeToken(userId, sessionId);
    const call = (method: string, body?: unknown) =>
      fetch(`${api.url}/api/${userId}/tasks`, {
        method,
        headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    // The first poll of ended sessions comes first (503 until then).
    await expect.poll(async () => (await call("GET")).status, { timeout: 10_000 }).toBe(200);
    const created = await call("POST", { title: "Made with my own keys" });
    expect(created.status, await created.clone().text()).toBe(201);
    // "A token without any of them is refused."
    for (const claim of claims) {
      const partial = await readmeToken(userId, sessionId, claim);
      const response = await fetch(`${api.url}/api/${userId}/tasks`, {
        headers: { authorization: `Bearer ${partial}` },
      });
      expect(response.status, `without ${claim}`).toBe(401);
    }

    await sql(statement("insert into revoked_session").replace("your-sid", sessionId));
    await expect.poll(async () => (await call("GET")).status, { timeout: 5_000 }).toBe(401);
  });
});
