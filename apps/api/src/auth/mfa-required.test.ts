/**
 * AUTH_REQUIRE_MFA (R-M8; decision 047): the API refuses tokens whose `amr` shows no second
 * factor with a 403 problem of its own, and accepts the others; off, it accepts both.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";

let strict: Harness;
let relaxed: Harness;
let alice: TestUser;

beforeAll(async () => {
  strict = await startHarness({ requireMfa: true });
  // Another instance on the same database and keys, with AUTH_REQUIRE_MFA off.
  relaxed = await startHarness({ databaseUrl: strict.databaseUrl, issuer: strict.issuer });
  alice = await strict.createUser();
});
afterAll(async () => {
  await relaxed?.close();
  await strict?.close();
});

const tokenWith = (amr: string[]) => strict.issuer.sign(alice.id, { claims: { amr } });

describe("AUTH_REQUIRE_MFA=true", () => {
  it("refuses a password-only token with the mfa-required problem", async () => {
    const response = await strict.call("GET", alice.tasks, { token: await tokenWith(["pwd"]) });
    expect(response.status).toBe(403);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(response.json).toMatchObject({
      type: expect.stringMatching(/#problem-mfa-required$/),
      title: "Second factor required",
      status: 403,
      detail: expect.any(String),
    });
  });

  it.each([[["pwd", "otp", "mfa"]], [["pwd", "mfa"]], [["hwk", "mfa"]], [["swk", "mfa"]]])(
    "accepts %j",
    async (amr) => {
      const response = await strict.call("GET", alice.tasks, { token: await tokenWith(amr) });
      expect(response.status, response.text).toBe(200);
    },
  );

  it("still answers 401 to a token that does not verify, before asking for a factor", async () => {
    const token = await strict.issuer.sign(alice.id, { claims: { amr: ["pwd"], exp: 1 } });
    expect((await strict.call("GET", alice.tasks, { token })).status).toBe(401);
  });

  it("describes the problem in the OpenAPI document and on the reference page", async () => {
    const document = (await strict.call("GET", "/openapi.json")).json;
    const forbidden = document.paths["/api/{user_id}/tasks"].get.responses["403"].description;
    expect(forbidden).toMatch(/AUTH_REQUIRE_MFA/);
    const page = (await strict.call("GET", "/docs")).text;
    expect(page).toContain('id="problem-mfa-required"');
  });
});

describe("AUTH_REQUIRE_MFA=false (the default)", () => {
  it("accepts a password-only token", async () => {
    const response = await relaxed.call("GET", alice.tasks, { token: await tokenWith(["pwd"]) });
    expect(response.status, response.text).toBe(200);
  });
});
