import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser, WEB_ORIGIN } from "../testing/harness.ts";

let api: Harness;
let alice: TestUser;

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
});
afterAll(() => api?.close());

describe("CORS", () => {
  it("lets the web origin read answers and the headers it needs, errors included", async () => {
    for (const token of [alice.token, undefined]) {
      const response = await api.call("GET", alice.tasks, {
        token,
        headers: { origin: WEB_ORIGIN },
      });
      expect(response.status).toBe(token ? 200 : 401);
      expect(response.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
      const exposed = response.headers.get("access-control-expose-headers")?.toLowerCase();
      expect(exposed).toContain("retry-after");
      expect(exposed).toContain("x-request-id");
      expect(response.headers.get("vary")).toContain("Origin");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    }
  });

  it("gives any other origin nothing to read with", async () => {
    const response = await api.call("GET", alice.tasks, {
      token: alice.token,
      headers: { origin: "http://evil.test" },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBeNull();
    expect(response.headers.get("access-control-expose-headers")).toBeNull();
    expect(response.headers.get("vary")).toContain("Origin");
  });

  it("answers preflights without a token, allowing only the web origin", async () => {
    const preflight = (origin: string) =>
      api.call("OPTIONS", `${alice.tasks}/00000000-0000-4000-8000-000000000000`, {
        headers: {
          origin,
          "access-control-request-method": "PUT",
          "access-control-request-headers": "authorization, content-type",
        },
      });
    const allowed = await preflight(WEB_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get("access-control-allow-origin")).toBe(WEB_ORIGIN);
    expect(allowed.headers.get("access-control-allow-methods")).toContain("PUT");
    expect(allowed.headers.get("access-control-allow-headers")?.toLowerCase()).toContain(
      "authorization",
    );
    expect(allowed.headers.get("access-control-max-age")).toBe("600");

    const foreign = await preflight("http://evil.test");
    expect(foreign.status).toBe(204);
    expect(foreign.headers.get("access-control-allow-origin")).toBeNull();
    expect(foreign.headers.get("access-control-allow-methods")).toBeNull();
  });
});
