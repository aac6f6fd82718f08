import { describe, expect, it } from "vitest";
import { parseConfig } from "./env.ts";

const DATABASE_URL = "postgres://u@127.0.0.1:5432/db";

describe("API configuration", () => {
  it("derives the auth settings from WEB_URL by default", () => {
    const config = parseConfig({ DATABASE_URL, WEB_URL: "https://tasks.example.com/" });
    expect(config.auth).toMatchObject({
      jwksUrl: "https://tasks.example.com/api/auth/jwks",
      issuer: "https://tasks.example.com",
      audience: "tasks-api",
      algorithms: ["EdDSA", "Ed25519"],
      maxTokenLifetimeSeconds: 900,
    });
    expect(config.corsOrigin).toBe("https://tasks.example.com");
    expect(config).toMatchObject({ host: "127.0.0.1", port: 8000 });
  });

  it("reads JWT_TTL as web does, in seconds", () => {
    expect(parseConfig({ DATABASE_URL, JWT_TTL: "90s" }).auth.maxTokenLifetimeSeconds).toBe(90);
    expect(parseConfig({ DATABASE_URL, JWT_TTL: "2h" }).auth.maxTokenLifetimeSeconds).toBe(7200);
    expect(() => parseConfig({ DATABASE_URL, JWT_TTL: "15 minutes" })).toThrow(/JWT_TTL/);
  });

  it("treats empty values as unset", () => {
    expect(parseConfig({ DATABASE_URL, API_PORT: "", AUTH_ISSUER: "" }).port).toBe(8000);
  });

  it("takes only public-key signature algorithms", () => {
    expect(
      parseConfig({ DATABASE_URL, AUTH_JWT_ALGORITHMS: "ES256,EdDSA" }).auth.algorithms,
    ).toEqual(["ES256", "EdDSA"]);
    for (const value of ["HS256", "none", "EdDSA,HS256", "EdDSa", "EdDSA,"]) {
      expect(() => parseConfig({ DATABASE_URL, AUTH_JWT_ALGORITHMS: value })).toThrow(
        /AUTH_JWT_ALGORITHMS must list public-key signature algorithms/,
      );
    }
  });

  it("says what a number must be, for every numeric variable", () => {
    expect(() => parseConfig({ DATABASE_URL, AUTH_CLOCK_TOLERANCE: "abc" })).toThrow(
      /AUTH_CLOCK_TOLERANCE must be a number of seconds from 0 to 300/,
    );
    expect(() => parseConfig({ DATABASE_URL, API_RATE_LIMIT_MAX: "0" })).toThrow(
      /API_RATE_LIMIT_MAX must be a whole number from 1 to 1000000/,
    );
    expect(parseConfig({ DATABASE_URL, AUTH_JWKS_COOLDOWN: "0.5" }).auth.jwksCooldownMs).toBe(500);
  });

  it("names every bad variable", () => {
    expect(() => parseConfig({ API_PORT: "99999", AUTH_JWKS_URL: "file:///etc/passwd" })).toThrow(
      /DATABASE_URL[\s\S]*API_PORT[\s\S]*AUTH_JWKS_URL/,
    );
  });
});
