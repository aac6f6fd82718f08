import { afterEach, describe, expect, it, vi } from "vitest";

Object.assign(process.env, {
  DATABASE_URL: "postgres://nobody@127.0.0.1:1/none",
  BETTER_AUTH_SECRET: "x".repeat(40),
  LOG_LEVEL: "silent",
});
const { logBetterAuth } = await import("./better-auth-log.ts");
const { logger } = await import("./logger.ts");

afterEach(() => vi.restoreAllMocks());

describe("Better Auth's messages in our log", () => {
  it("keep refusals of what a client sent out of the error level, cut short", () => {
    const debug = vi.spyOn(logger(), "debug").mockImplementation(() => {});
    const error = vi.spyOn(logger(), "error").mockImplementation(() => {});
    logBetterAuth("error", `Invalid origin: https://evil.example/${"x".repeat(5_000)}`);
    logBetterAuth("warn", "Invalid password");
    logBetterAuth("error", "Blocked cross-site navigation login attempt (CSRF protection)");
    // The passkey plugin's words for a WebAuthn answer that does not verify.
    logBetterAuth("error", "Failed to verify authentication", new Error("signature"));
    logBetterAuth("error", "Failed to verify registration", new Error("attestation"));
    expect(error).not.toHaveBeenCalled();
    expect(debug).toHaveBeenCalledTimes(5);
    expect(String(debug.mock.calls[0]?.[1] ?? "").length).toBeLessThanOrEqual(200);
  });

  it("log a failure with its error's name and code, never its message's parameters", () => {
    const error = vi.spyOn(logger(), "error").mockImplementation(() => {});
    const failure = Object.assign(new Error("Failed query: select 1\nparams: ada@example.com"), {
      code: "57P01",
    });
    logBetterAuth("error", "INTERNAL_SERVER_ERROR", failure);
    expect(error).toHaveBeenCalledWith(
      { source: "better-auth", errors: [{ name: "Error", code: "57P01" }] },
      "INTERNAL_SERVER_ERROR",
    );
  });
});
