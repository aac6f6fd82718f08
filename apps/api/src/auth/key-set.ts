/**
 * The web app's public signing keys, fetched from its JWKS URL and kept in memory.
 *
 * - Known keys are served from memory; after `maxAgeMs` the set is refreshed in the
 *   background while the cached keys keep working (so a brief web outage does not
 *   stop the API).
 * - A token naming an unknown `kid` triggers a refresh, at most one per `cooldownMs`,
 *   so a newly rotated key is accepted within seconds while a stream of forged kids
 *   cannot turn into a stream of fetches.
 */
import {
  createLocalJWKSet,
  errors,
  type FlattenedJWSInput,
  type JSONWebKeySet,
  type JWSHeaderParameters,
} from "jose";

/** The keys could not be fetched and none are cached: the API cannot verify anything. */
export class KeySetUnavailableError extends Error {
  override name = "KeySetUnavailableError";
}

export interface KeySetOptions {
  url: string;
  cooldownMs: number;
  maxAgeMs: number;
  timeoutMs?: number;
}

const MAX_JWKS_BYTES = 64 * 1024;

export function createKeySet(options: KeySetOptions) {
  let local: ReturnType<typeof createLocalJWKSet> | undefined;
  let fetchedAt = 0;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<void> | undefined;

  async function fetchKeys(): Promise<void> {
    lastAttemptAt = Date.now();
    const response = await fetch(options.url, {
      headers: { accept: "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) throw new Error(`JWKS answered ${response.status}`);
    const text = await response.text();
    if (text.length > MAX_JWKS_BYTES) throw new Error("JWKS is too large");
    const body = JSON.parse(text) as JSONWebKeySet;
    if (!Array.isArray(body?.keys)) throw new Error("JWKS has no keys array");
    local = createLocalJWKSet({ keys: body.keys.filter(isPublicKey) });
    fetchedAt = Date.now();
  }

  const isStale = () => Date.now() - fetchedAt > options.maxAgeMs;
  const coolingDown = () => Date.now() - lastAttemptAt < options.cooldownMs;

  function refresh(): Promise<void> {
    inFlight ??= fetchKeys().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  }

  return {
    /** A key resolver for jose's `jwtVerify`. */
    async getKey(header: JWSHeaderParameters, token: FlattenedJWSInput) {
      if (!local) {
        try {
          await refresh();
        } catch (cause) {
          throw new KeySetUnavailableError("Could not fetch the signing keys", { cause });
        }
      } else if (isStale() && !inFlight && !coolingDown()) {
        refresh().catch(() => {}); // stale keys keep working until the refresh lands
      }
      const keys = local as ReturnType<typeof createLocalJWKSet>;
      try {
        return await keys(header, token);
      } catch (error) {
        const unknownKey = error instanceof errors.JWKSNoMatchingKey;
        if (!unknownKey || coolingDown()) throw error;
        await refresh().catch(() => {}); // a failed refresh leaves the token unverified: 401
        return (local ?? keys)(header, token);
      }
    },
  };
}

export type KeySet = ReturnType<typeof createKeySet>;

/** Only public halves are ever used, even if a private one were published by mistake. */
function isPublicKey(key: unknown): key is JSONWebKeySet["keys"][number] {
  return typeof key === "object" && key !== null && !("d" in key);
}
