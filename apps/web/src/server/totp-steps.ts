import { createHmac, timingSafeEqual } from "node:crypto";

/**
 * RFC 6238 time steps as the twoFactor plugin checks them (30 s, 6 digits, HMAC-SHA-1, the
 * previous, current and next step), to find which step a code belongs to so that step can be
 * taken once (RFC 6238 §5.2; R-M3).
 */

export const TOTP_PERIOD_SECONDS = 30;

/** The step of `time` (ms since the epoch). */
export const totpStep = (time = Date.now()) => Math.floor(time / 1000 / TOTP_PERIOD_SECONDS);

/** Milliseconds until the step of `time` ends. */
const msLeftInStep = (time = Date.now()) =>
  TOTP_PERIOD_SECONDS * 1000 - (time % (TOTP_PERIOD_SECONDS * 1000));

/**
 * Waits, when the current step ends within `ms`, until the next one begins: for tests and
 * benches that send a step's code and need it still valid when the server checks it.
 */
export async function awayFromStepEnd(ms: number): Promise<void> {
  if (msLeftInStep() < ms) await new Promise((r) => setTimeout(r, msLeftInStep() + 50));
}

/** RFC 4226 §5.3: the 6-digit HOTP of `key` at `counter`. */
export function hotp(key: Uint8Array, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac("sha1", key).update(message).digest();
  const offset = (mac[mac.length - 1] as number) & 15;
  const value = mac.readUInt32BE(offset) & 0x7fffffff;
  return String(value % 1_000_000).padStart(6, "0");
}

/** The HMAC key of a decrypted plugin secret: its UTF-8 bytes, or `base32:` imported bytes. */
export function totpKey(secret: string): Uint8Array {
  if (!secret.startsWith("base32:")) return Buffer.from(secret, "utf8");
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const char of secret.slice(7).toUpperCase().replace(/=+$/, "")) {
    const value = alphabet.indexOf(char);
    if (value >= 0) bits += value.toString(2).padStart(5, "0");
  }
  return Uint8Array.from(bits.match(/.{8}/g) ?? [], (byte) => Number.parseInt(byte, 2));
}

/** The step among previous, current and next whose code is `code`, else null (constant time). */
export function matchingStep(key: Uint8Array, code: string, time = Date.now()): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const current = totpStep(time);
  let found: number | null = null;
  for (const step of [current - 1, current, current + 1]) {
    if (timingSafeEqual(Buffer.from(hotp(key, step)), Buffer.from(code))) found = step;
  }
  return found;
}
