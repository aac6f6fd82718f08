/**
 * Better Auth's client fetched on first use (decision 053): a client whose code cannot load
 * (offline) is the same answer as a call that got no answer, and the next call loads it.
 */
import { afterEach, describe, expect, it, vi } from "vitest";

afterEach(() => {
  vi.doUnmock("./better-auth-client.ts");
  vi.resetModules();
});

describe("the auth client loaded on first use", () => {
  it("answers UNREACHABLE while its code cannot load, then calls it once it can", async () => {
    vi.doMock("./better-auth-client.ts", () => {
      throw new Error("Failed to load chunk");
    });
    const { attempt, loadAuthClient, UNREACHABLE } = await import("./auth-client.ts");
    const call = vi.fn(async () => ({ error: null }));
    expect(await attempt(call)).toEqual({ message: UNREACHABLE });
    expect(call).not.toHaveBeenCalled();
    await expect(loadAuthClient()).rejects.toBeInstanceOf(TypeError);

    vi.doUnmock("./better-auth-client.ts");
    expect(await attempt(call)).toBeNull();
    expect(call).toHaveBeenCalledOnce();
    expect(await loadAuthClient()).toBe(await loadAuthClient());
  });
});
