import "server-only";
import { createHmac } from "node:crypto";
import { schema } from "@tasks/db";
import { remember } from "@tasks/service/remember";
import { eq } from "drizzle-orm";
import { webConfig } from "../env.ts";
import { getDb } from "./db.ts";
import { createHashingPool } from "./hashing-pool.ts";

/**
 * Passwords (SPEC R-A3, R-A5; decisions 008, 015): bcrypt of an HMAC-SHA-256 digest of the
 * NFC form, so nothing past bcrypt's 72 bytes is lost. The HMAC key is not a secret.
 */
const PREHASH_KEY = "tasks/password-prehash/v1";

/** The 44-character input bcrypt hashes for `password` taken exactly as given. */
export function prehash(password: string): string {
  // Lone surrogates would fold into U+FFFD, making different passwords equal.
  if (!password.isWellFormed()) throw new TypeError("password is not valid Unicode");
  return createHmac("sha256", PREHASH_KEY).update(password, "utf8").digest("base64");
}

/** NFC, and as typed when that differs; the text alone decides, so timing reveals no account. */
function formsOf(password: string): string[] {
  const nfc = password.normalize("NFC");
  return nfc === password ? [nfc] : [nfc, password];
}

/** bcrypt runs off the event loop, one worker pool per process (hashing-pool.ts, remember.ts). */
export const hashingPool = () => remember("web.hashing-pool", () => createHashingPool());
const pool = hashingPool;

/**
 * A bcrypt hash of `password` in NFC at `cost`; a non-NFC password costs one more, discarded,
 * so an unknown email takes as long as a known one (SPEC R-A6).
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const [nfc, ...others] = formsOf(password).map(prehash);
  const [hash] = await Promise.all([
    pool().hash(nfc as string, cost),
    ...others.map((input) => pool().hash(input, cost)),
  ]);
  return hash as string;
}

/** Whether `password` matches `hash` in NFC or as typed; a match as typed is rehashed in NFC. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const forms = formsOf(password);
  const matches = await Promise.all(forms.map((form) => pool().compare(prehash(form), hash)));
  if (matches[0]) return true;
  if (!matches[1]) return false;
  const rehashed = await pool().hash(prehash(forms[0] as string), webConfig().bcryptCost);
  await getDb()
    .update(schema.account)
    .set({ password: rehashed, updatedAt: new Date() })
    .where(eq(schema.account.password, hash));
  return true;
}
