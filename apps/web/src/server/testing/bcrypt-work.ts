/**
 * The bcrypt operations this process runs, as a test sees them: each one's cost factor
 * (the work it does), counted on password.ts's pool. Proves "no hash ran" or "the same
 * work ran" without timing anything, so a busy machine cannot fail the test.
 */
import { vi } from "vitest";
import { hashingPool } from "../password.ts";

/** bcrypt's cost factor in a `$2b$12$...` hash. */
const costOf = (hash: string) => Number(hash.split("$")[2]);

/** Starts counting; `costs()` lists the cost of every hash and compare since, `stop()` ends it. */
export function watchBcrypt() {
  const pool = hashingPool();
  const hash = vi.spyOn(pool, "hash");
  const compare = vi.spyOn(pool, "compare");
  return {
    costs: () => [
      ...hash.mock.calls.map(([, cost]) => cost),
      ...compare.mock.calls.map(([, stored]) => costOf(stored)),
    ],
    stop() {
      hash.mockRestore();
      compare.mockRestore();
    },
  };
}
