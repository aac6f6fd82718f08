import { createHmac, pbkdf2 } from "node:crypto";
import bcrypt from "bcrypt";
import { describe, expect, it } from "vitest";
import { createHashingPool } from "./hashing-pool.ts";
import { hashPassword, prehash, verifyPassword } from "./password.ts";

/** Time for one job on libuv's thread pool (pbkdf2 runs there, as Web Crypto's HMAC does). */
async function threadPoolLatencyMs(): Promise<number> {
  const started = performance.now();
  await new Promise((resolve, reject) =>
    pbkdf2("x", "salt", 1, 32, "sha256", (error, key) => (error ? reject(error) : resolve(key))),
  );
  return performance.now() - started;
}

describe("password hashing", () => {
  it("hashes with bcrypt at the given cost and verifies only the right password", async () => {
    const hash = await hashPassword("correct horse battery staple", 4);
    expect(bcrypt.getRounds(hash)).toBe(4);
    expect(await bcrypt.compare(prehash("correct horse battery staple"), hash)).toBe(true);
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapler", hash)).toBe(false);
  });

  it("leaves libuv's thread pool free while four hashes run", async () => {
    const hashes = Array.from({ length: 4 }, (_, i) => hashPassword(`password ${i}`, 12));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const waited = await threadPoolLatencyMs();
    await Promise.all(hashes);
    // bcrypt's own async functions would hold all four pool threads for ~250 ms each; a
    // busy machine's pauses stay well under that.
    expect(waited).toBeLessThan(150);
  });

  it("reports a failing job as a rejection and keeps working", async () => {
    const pool = createHashingPool(1);
    await expect(pool.compare("x", "not a bcrypt hash")).resolves.toBe(false);
    await expect(pool.hash("x", 99)).rejects.toThrow();
    expect(await pool.compare(prehash("y"), await pool.hash(prehash("y"), 4))).toBe(true);
  });

  it("prehashes so that bcrypt's 72-byte limit cannot truncate a password", () => {
    const long = "a".repeat(100);
    expect(prehash(long)).not.toBe(prehash(`${long}b`));
    expect(prehash(long)).toBe(
      createHmac("sha256", "tasks/password-prehash/v1").update(long).digest("base64"),
    );
  });
});
