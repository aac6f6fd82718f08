import { describe, expect, it } from "vitest";
import { parseWebConfig } from "./env.ts";

const base = { DATABASE_URL: "postgres://u@127.0.0.1/db", BETTER_AUTH_SECRET: "s".repeat(32) };

describe("web configuration", () => {
  it("has the documented defaults", () => {
    expect(parseWebConfig(base)).toMatchObject({
      webUrl: "http://localhost:3000",
      apiUrl: "http://localhost:8000",
      issuer: "http://localhost:3000",
      audience: "tasks-api",
      jwtTtl: "15m",
      sessionMaxAgeSeconds: 30 * 24 * 3600,
      bcryptCost: 12,
      trustedProxies: [],
      rateLimit: { max: 10, windowSeconds: 60 },
      host: "127.0.0.1",
      port: 3000,
    });
  });

  it("refuses a secret under 32 characters in production, saying what to set", () => {
    expect(() =>
      parseWebConfig({ ...base, NODE_ENV: "production", BETTER_AUTH_SECRET: "short" }),
    ).toThrow(/BETTER_AUTH_SECRET must be at least 32 characters/);
    expect(() =>
      parseWebConfig({ DATABASE_URL: base.DATABASE_URL, NODE_ENV: "production" }),
    ).toThrow(/BETTER_AUTH_SECRET is required/);
    expect(parseWebConfig({ ...base, NODE_ENV: "production" }).production).toBe(true);
  });

  it("refuses a bcrypt cost outside 10 to 15", () => {
    for (const value of ["9", "16", "12.5", "twelve"]) {
      expect(() => parseWebConfig({ ...base, BCRYPT_COST: value })).toThrow(
        /BCRYPT_COST must be a whole number from 10 to 15/,
      );
    }
    expect(parseWebConfig({ ...base, BCRYPT_COST: "13" }).bcryptCost).toBe(13);
  });

  it("says what a number must be, in the product's words, for every numeric variable", () => {
    expect(() => parseWebConfig({ ...base, WEB_PORT: "abc" })).toThrow(
      /WEB_PORT must be a whole number from 0 to 65535/,
    );
    expect(() => parseWebConfig({ ...base, AUTH_RATE_LIMIT_MAX: "0" })).toThrow(
      /AUTH_RATE_LIMIT_MAX must be a whole number from 1 to 10000/,
    );
    expect(() => parseWebConfig({ ...base, DATABASE_POOL_MAX: "0x10" })).toThrow(
      /DATABASE_POOL_MAX must be a whole number from 1 to 100/,
    );
    expect(() => parseWebConfig({ ...base, SHUTDOWN_DELAY: "-1" })).toThrow(
      /SHUTDOWN_DELAY must be a number of seconds from 0 to 300/,
    );
    expect(parseWebConfig({ ...base, SHUTDOWN_DELAY: "2.5" }).shutdownDelaySeconds).toBe(2.5);
  });

  it("takes trusted proxies as addresses and networks, and refuses anything else", () => {
    expect(
      parseWebConfig({ ...base, TRUSTED_PROXIES: "10.0.0.0/8, 192.0.2.7,2001:db8::/32" })
        .trustedProxies,
    ).toEqual(["10.0.0.0/8", "192.0.2.7", "2001:db8::/32"]);
    for (const value of ["10.0.0.0/33", "proxy.internal", "1", "10.0.0.1,foo"]) {
      expect(() => parseWebConfig({ ...base, TRUSTED_PROXIES: value })).toThrow(
        /TRUSTED_PROXIES must list IP addresses or networks, comma-separated .*" is neither/,
      );
    }
  });

  it("takes a hop count instead of a list, but not both", () => {
    expect(parseWebConfig({ ...base, TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
    expect(parseWebConfig(base).trustedProxyHops).toBe(0);
    expect(() =>
      parseWebConfig({ ...base, TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXIES: "10.0.0.0/8" }),
    ).toThrow(/TRUSTED_PROXY_HOPS cannot be set with TRUSTED_PROXIES/);
    for (const value of ["-1", "x", "1.5"]) {
      expect(() => parseWebConfig({ ...base, TRUSTED_PROXY_HOPS: value })).toThrow(
        /TRUSTED_PROXY_HOPS/,
      );
    }
  });
});
