/**
 * What every fuzzing file starts from: its own harness (so a fresh database), two people
 * with tasks, and the valid, bad and odd tokens and real cursors the generators draw from.
 */
import { randomUUID } from "node:crypto";
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";
import { createSigningKey, hmacWithPublicKey, rawToken } from "../testing/issuer.ts";

/** Each property stops early rather than run past its time limit, so a file stays < 60 s. */
export const RUNS = { numRuns: 120, interruptAfterTimeLimit: 6_000 } as const;

/** Only answers to the owner may contain these. */
export const SECRET = { alice: `alice-secret-${randomUUID()}`, bob: `bob-secret-${randomUUID()}` };

export interface Fuzzing {
  api: Harness;
  /** The victim: requests try to reach or change her tasks. */
  alice: TestUser;
  /** The attacker, with a valid account of his own. */
  bob: TestUser;
  /** Tasks seeded before each property; accepted requests may change or delete them. */
  aliceIds: string[];
  bobIds: string[];
  /** Valid tokens by their signed part (`header.payload`), with their subject. */
  genuine: Map<string, string>;
  /** Signed tokens with one bad claim or an unknown key, and unsigned forgeries. */
  badTokens: string[];
  /** Valid tokens whose subject is odd and has no account. */
  oddTokens: { sub: string; token: string }[];
  /** Cursors the API really returned. */
  realCursors: string[];
}

export const signedPart = (token: string) => token.split(".").slice(0, 2).join(".");

async function seed(api: Harness, user: TestUser, secret: string): Promise<string[]> {
  const rows = await api.db
    .insert(schema.task)
    .values(
      Array.from({ length: 6 }, (_, i) => ({
        userId: user.id,
        title: `${secret} ${i}`,
        description: secret,
        completed: i % 2 === 0,
      })),
    )
    .returning({ id: schema.task.id });
  return rows.map((row) => row.id);
}

/** Gives both people six fresh tasks; run before each property. */
export async function seedTasks(fuzz: Fuzzing): Promise<void> {
  fuzz.aliceIds = await seed(fuzz.api, fuzz.alice, SECRET.alice);
  fuzz.bobIds = await seed(fuzz.api, fuzz.bob, SECRET.bob);
}

async function startFuzzing(): Promise<Fuzzing> {
  const api = await startHarness();
  const alice = await api.createUser();
  const bob = await api.createUser();
  await seed(api, alice, SECRET.alice);
  const genuine = new Map<string, string>();
  genuine.set(signedPart(alice.token), alice.id);
  genuine.set(signedPart(bob.token), bob.id);

  const now = Math.floor(Date.now() / 1000);
  const sign = api.issuer.sign;
  const badTokens = [
    await sign(alice.id, { claims: { exp: now - 3600, iat: now - 7200 } }),
    await sign(alice.id, { claims: { nbf: now + 3600 } }),
    await sign(alice.id, { claims: { iat: now + 3600 } }),
    await sign(alice.id, { claims: { aud: "another-api" } }),
    await sign(alice.id, { claims: { iss: "https://evil.test" } }),
    await sign(alice.id, { claims: { exp: undefined } }),
    await sign(alice.id, { claims: { sub: undefined } }),
    await sign(alice.id, { claims: { sub: 42 } }),
    await sign(alice.id, { key: await createSigningKey() }),
    hmacWithPublicKey({ sub: alice.id, exp: now + 900 }, api.issuer.currentKey()),
    rawToken({ alg: "none", typ: "JWT" }, { sub: alice.id, exp: now + 900 }),
  ];

  const gone = await api.createUser();
  await api.db.delete(schema.user).where(eq(schema.user.id, gone.id));
  const subjects = ["", " ", "\u0000", "a/b", "..", "%41", "ü", "x".repeat(255), "x".repeat(256)];
  const oddTokens = await Promise.all(
    [...subjects, gone.id].map(async (sub) => ({ sub, token: await sign(sub) })),
  );
  for (const { sub, token } of oddTokens) genuine.set(signedPart(token), sub);

  const realCursors: string[] = [];
  for (const query of ["limit=1", "limit=2&sort=title", "limit=1&status=completed&order=asc"]) {
    const response = await api.call("GET", `${alice.tasks}?${query}`, { token: alice.token });
    realCursors.push(response.json.nextCursor);
  }
  return { api, alice, bob, aliceIds: [], bobIds: [], genuine, badTokens, oddTokens, realCursors };
}

/**
 * Starts the harness before the file's tests and closes it after them. Returns a getter,
 * as the world exists only once `beforeAll` has run.
 */
export function setUpFuzzing(): () => Fuzzing {
  let fuzz: Fuzzing | undefined;
  beforeAll(async () => {
    fuzz = await startFuzzing();
  });
  afterAll(() => fuzz?.api.close());
  return () => {
    if (!fuzz) throw new Error("the fuzzing harness has not started");
    return fuzz;
  };
}
