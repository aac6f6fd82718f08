import "server-only";
import { createHmac } from "node:crypto";
import { createHashingPool } from "./hashing-pool.ts";

/**
 * bcrypt reads only the first 72 bytes of its input, so a long password would be silently
 * truncated. Each password is first reduced to a fixed-length HMAC-SHA-256 digest (44
 * base64 characters), which bcrypt reads whole: passwords differing anywhere stay
 * different. The key only separates this use of SHA-256 from others; it is not a secret,
 * so rotating BETTER_AUTH_SECRET never invalidates passwords.
 */
const PREHASH_KEY = "tasks/password-prehash/v1";

export function prehash(password: string): string {
  return createHmac("sha256", PREHASH_KEY).update(password, "utf8").digest("base64");
}

/** bcrypt runs on worker threads of its own (hashing-pool.ts), off the event loop. */
const pool = createHashingPool();

export function hashPassword(password: string, cost: number): Promise<string> {
  return pool.hash(prehash(password), cost);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return pool.compare(prehash(password), hash);
}
