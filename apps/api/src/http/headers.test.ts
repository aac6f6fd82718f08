import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  awayFromWindowEnd,
  type Harness,
  startHarness,
  type TestUser,
} from "../testing/harness.ts";

const MISSING_ID = "00000000-0000-4000-8000-000000000000";

let api: Harness;
let alice: TestUser;

beforeAll(async () => {
  api = await startHarness({ rateLimit: { max: 8, windowMs: 3_600_000 } });
  alice = await api.createUser();
  // An hour-long window, begun well before its end: alice's count never starts over mid-file.
  await awayFromWindowEnd(3_600_000);
});
afterAll(() => api?.close());

describe("headers on every answer", () => {
  it("carry the request id and nosniff, errors included", async () => {
    const answers = [
      await api.call("GET", alice.tasks, { token: alice.token }),
      await api.call("GET", alice.tasks),
      await api.call("GET", "/nowhere"),
      await api.call("GET", `${alice.tasks}/${MISSING_ID}`, { token: alice.token }),
      await api.call("PATCH", alice.tasks, { token: alice.token, body: {} }),
    ];
    expect(answers.map((answer) => answer.status)).toEqual([200, 401, 404, 404, 405]);
    for (const answer of answers) {
      expect(answer.headers.get("x-request-id")).toMatch(/^[\w.:-]{1,128}$/);
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    }
    const given = await api.call("GET", "/nowhere", { headers: { "x-request-id": "trace-42" } });
    expect(given.headers.get("x-request-id")).toBe("trace-42");
  });

  it("under /api carry the request limit, on success, on errors and on the 429", async () => {
    const ok = await api.call("GET", alice.tasks, { token: alice.token });
    const missing = await api.call("GET", `${alice.tasks}/${MISSING_ID}`, { token: alice.token });
    for (const answer of [ok, missing]) {
      expect(answer.headers.get("ratelimit-limit")).toBe("8");
      expect(Number(answer.headers.get("ratelimit-remaining"))).toBeGreaterThanOrEqual(0);
      expect(Number(answer.headers.get("ratelimit-reset"))).toBeGreaterThan(0);
      expect(answer.headers.get("cache-control")).toBe("no-store");
    }
    let refused: Awaited<ReturnType<Harness["call"]>> | undefined;
    for (let i = 0; i < 10 && !refused; i++) {
      const answer = await api.call("GET", alice.tasks, { token: alice.token });
      if (answer.status === 429) refused = answer;
    }
    expect(refused?.headers.get("ratelimit-remaining")).toBe("0");
    expect(refused?.headers.get("ratelimit-limit")).toBe("8");
    expect(Number(refused?.headers.get("retry-after"))).toBeGreaterThan(0);
  });
});
