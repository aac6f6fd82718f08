import "server-only";
import { createHmac } from "node:crypto";
import { schema } from "@tasks/db";
import { remember } from "@tasks/service/remember";
import { eq } from "drizzle-orm";
import { webConfig } from "../env.ts";
import { getDb } from "./db.ts";
import { createHashingPool } from "./hashing-pool.ts";

/**
 * Passwords (SPEC R-A3, R-A5; decision 008).
 *
 * - bcrypt reads only the first 72 bytes of its input, so a long password would be
 *   silently truncated. Each password is first reduced to a fixed-length HMAC-SHA-256
 *   digest (44 base64 characters), which bcrypt reads whole: passwords differing anywhere
 *   stay different. The key only separates this use of SHA-256 from others; it is not a
 *   secret, so rotating BETTER_AUTH_SECRET never invalidates passwords.
 * - Passwords are hashed and compared in Unicode NFC, so the same password typed with
 *   composed or decomposed accents is the same password (decision 015 says how hashes
 *   made before NFC keep working).
 */
const PREHASH_KEY = "tasks/password-prehash/v1";

/** The 44-character input bcrypt hashes for `password` taken exactly as given. */
export function prehash(password: string): string {
  // Lone surrogates would be folded into U+FFFD by UTF-8, making different passwords
  // equal; the credential rules refuse them before this, and this refuses them again.
  if (!password.isWellFormed()) throw new TypeError("password is not valid Unicode");
  return createHmac("sha256", PREHASH_KEY).update(password, "utf8").digest("base64");
}

/**
 * The forms a password is checked in: NFC, and, when it differs, the form as typed (a
 * hash made before passwords were normalised). Which forms there are depends only on the
 * text typed, never on the account, so the time a check takes says nothing about it.
 */
function formsOf(password: string): string[] {
  const nfc = password.normalize("NFC");
  return nfc === password ? [nfc] : [nfc, password];
}

/**
 * bcrypt runs on worker threads of its own (hashing-pool.ts), off the event loop: one
 * set of threads for the process, whichever copy of this module asks (remember.ts).
 */
const pool = () => remember("web.hashing-pool", () => createHashingPool());

/**
 * A bcrypt hash of `password` in NFC at `cost`. For a password that is not in NFC, one
 * more bcrypt runs and is thrown away: Better Auth hashes the password it was given when
 * the email is unknown, and that must take as long as checking both forms of it against a
 * known account (SPEC R-A6).
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  const [nfc, ...others] = formsOf(password).map(prehash);
  const [hash] = await Promise.all([
    pool().hash(nfc as string, cost),
    ...others.map((input) => pool().hash(input, cost)),
  ]);
  return hash as string;
}

/**
 * Whether `password` matches `hash`, in NFC or as typed. A match only as typed is a hash
 * from before NFC: it is replaced by the NFC one, so the person's other keyboards work too.
 */
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
