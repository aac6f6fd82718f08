/** Web's public signing keys: jose's remote key set (an unknown `kid` refetches at most once per cooldown). */
import { createRemoteJWKSet } from "jose";

/** The keys could not be fetched and none are cached: the API cannot verify anything (503). */
export class KeySetUnavailableError extends Error {
  override name = "KeySetUnavailableError";
}

export interface KeySetOptions {
  url: string;
  cooldownMs: number;
  maxAgeMs: number;
}

export const createKeySet = ({ url, cooldownMs, maxAgeMs }: KeySetOptions) =>
  createRemoteJWKSet(new URL(url), {
    cooldownDuration: cooldownMs,
    cacheMaxAge: maxAgeMs,
    timeoutDuration: 5_000,
  });

export type KeySet = ReturnType<typeof createKeySet>;
