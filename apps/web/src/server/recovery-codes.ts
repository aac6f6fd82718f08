import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { webConfig } from "../env.ts";

/**
 * Recovery codes (R-M3; decision 046): 10 codes of 120 random bits, shown as 24 Crockford
 * base32 characters in groups of four, stored only as keyed hashes `h<version>:<HMAC>`. The
 * twoFactor plugin compares stored entries with `includes`, so the hash is fast and keyed
 * (HMAC-SHA-256 under a key derived from BETTER_AUTH_SECRET(S)) rather than salted and slow:
 * 120 bits cannot be guessed, and the table alone does not reveal a code.
 */

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz";
const STORED = /^h(\d+):[A-Za-z0-9_-]{43}$/;

/** One code: 15 random bytes as 24 base32 characters, `xxxx-xxxx-xxxx-xxxx-xxxx-xxxx`. */
export function newRecoveryCode(): string {
  const bytes = randomBytes(15);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let text = "";
  for (let i = 23; i >= 0; i--) text += ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return (text.match(/.{4}/g) as string[]).join("-");
}

export const newRecoveryCodes = () => Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);

/** A typed code as compared: lower case, no spaces or dashes, Crockford's look-alikes folded. */
export function normaliseRecoveryCode(code: string): string {
  return code
    .toLowerCase()
    .replace(/[\s-]+/g, "")
    .replace(/[il]/g, "1")
    .replace(/o/g, "0");
}

/** The hashing keys by secret version, and the current one (as Better Auth rotates secrets). */
function hashKeys(): { current: number; keys: Map<number, string> } {
  const config = webConfig();
  const keys = new Map<number, string>();
  if (config.secret) keys.set(0, config.secret);
  for (const { version, value } of config.secrets ?? []) keys.set(version, value);
  return { current: config.secrets?.[0]?.version ?? 0, keys };
}

/** `h<version>:` and HMAC-SHA-256 of the normalised code under that version's derived key. */
function hashWith(version: number, secret: string, code: string): string {
  const key = createHmac("sha256", secret).update("tasks recovery codes").digest();
  const mac = createHmac("sha256", key).update(normaliseRecoveryCode(code)).digest("base64url");
  return `h${version}:${mac}`;
}

export const isStoredRecoveryCode = (entry: string) => STORED.test(entry);

/**
 * The plugin's `storeBackupCodes.encrypt`: the JSON list with every code not hashed yet
 * hashed under the current key. Idempotent, as the plugin calls it again with the remaining
 * hashes after a code is used.
 */
export async function hashRecoveryCodes(json: string): Promise<string> {
  const codes = JSON.parse(json) as unknown;
  if (!Array.isArray(codes)) throw new Error("recovery codes must be a list");
  const { current, keys } = hashKeys();
  const secret = keys.get(current) as string;
  return JSON.stringify(
    codes.map((code) =>
      isStoredRecoveryCode(String(code)) ? String(code) : hashWith(current, secret, String(code)),
    ),
  );
}

/** The stored entries of a `backup_codes` column (empty when it is not a list). */
export function storedRecoveryCodes(column: string | null | undefined): string[] {
  try {
    const list = JSON.parse(column ?? "[]") as unknown;
    return Array.isArray(list) ? list.filter((entry) => typeof entry === "string") : [];
  } catch {
    return [];
  }
}

/**
 * What the plugin should compare for a typed `code`: the stored entry it hashes to under the
 * key of that entry's version, or a hash under the current key that matches none.
 */
export function storedFormOf(code: string, stored: readonly string[]): string {
  const { current, keys } = hashKeys();
  const versions = new Set(stored.map((entry) => Number(STORED.exec(entry)?.[1] ?? current)));
  versions.add(current);
  let found: string | undefined;
  for (const version of versions) {
    const secret = keys.get(version);
    if (secret === undefined) continue;
    const candidate = Buffer.from(hashWith(version, secret, code));
    for (const entry of stored) {
      const other = Buffer.from(entry);
      if (other.length === candidate.length && timingSafeEqual(other, candidate)) found = entry;
    }
  }
  return found ?? hashWith(current, keys.get(current) as string, code);
}
