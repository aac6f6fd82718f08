import { createTestDatabase, type TestDatabase } from "@tasks/db/testing";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  type Harness,
  type HarnessOptions,
  startHarness as startWith,
} from "../testing/harness.ts";

// One database for the file; each test gets its own key set and issuer.
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database?.drop());

let api: Harness | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});
const startHarness = (options: HarnessOptions = {}) =>
  startWith({ databaseUrl: database.url, ...options });

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("signing keys", () => {
  it("are fetched once and then served from memory", async () => {
    api = await startHarness();
    const user = await api.createUser();
    for (let i = 0; i < 20; i++) {
      expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    }
    expect(api.issuer.fetchCount()).toBe(1);
  });

  it("accept a newly rotated key within the cooldown, and keep accepting the old one", async () => {
    api = await startHarness({ jwksCooldownMs: 300 });
    const user = await api.createUser();
    const oldToken = user.token;
    expect((await api.call("GET", user.tasks, { token: oldToken })).status).toBe(200);

    await api.issuer.rotate();
    const newToken = await api.issuer.sign(user.id);
    await sleep(300);
    expect((await api.call("GET", user.tasks, { token: newToken })).status).toBe(200);
    expect((await api.call("GET", user.tasks, { token: oldToken })).status).toBe(200);
    expect(api.issuer.fetchCount()).toBe(2);
  });

  it("refetch at most once per cooldown however many unknown kids arrive", async () => {
    api = await startHarness({ jwksCooldownMs: 60_000 });
    const user = await api.createUser();
    expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    const forged = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        api?.issuer.sign(user.id, { header: { kid: `unknown-${i}` } }),
      ),
    );
    const statuses = await Promise.all(
      forged.map((token) => api?.call("GET", user.tasks, { token }).then((r) => r.status)),
    );
    expect(new Set(statuses)).toEqual(new Set([401]));
    // Beyond the first load, a stream of unknown kids costs nothing within the cooldown.
    expect(api.issuer.fetchCount()).toBe(1);
  });

  it("keep working from memory while the JWKS endpoint is down", async () => {
    api = await startHarness({ jwksCooldownMs: 0, jwksMaxAgeMs: 1 });
    const user = await api.createUser();
    expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    api.issuer.setAvailable(false);
    await sleep(5);
    for (let i = 0; i < 3; i++) {
      expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    }
  });

  it("answer 503, not 401, when they were never fetched and cannot be", async () => {
    api = await startHarness();
    const user = await api.createUser();
    api.issuer.setAvailable(false);
    const response = await api.call("GET", user.tasks, { token: user.token });
    expect(response.status).toBe(503);
    expect(response.headers.get("retry-after")).toBe("5");
    api.issuer.setAvailable(true);
    expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
  });

  it("stop verifying tokens of a key once it is unpublished and the set refreshed", async () => {
    api = await startHarness({ jwksCooldownMs: 0, jwksMaxAgeMs: 1 });
    const user = await api.createUser();
    const old = api.issuer.currentKey();
    await api.issuer.rotate();
    const fresh = await api.issuer.sign(user.id);
    expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(200);
    api.issuer.unpublish(old.kid);
    await sleep(5);
    await api.call("GET", user.tasks, { token: fresh }); // stale: refreshes in the background
    await sleep(50);
    expect((await api.call("GET", user.tasks, { token: user.token })).status).toBe(401);
    expect((await api.call("GET", user.tasks, { token: fresh })).status).toBe(200);
  });
});
