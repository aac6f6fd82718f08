/**
 * The web app's public signing keys, fetched from its JWKS URL and kept in memory.
 *
 * - Known keys are served from memory; after `maxAgeMs` the set is refreshed in the
 *   background while the cached keys keep working (so a brief web outage does not
 *   stop the API).
 * - A token naming an unknown `kid` triggers a refresh, at most one per `cooldownMs`,
 *   so a newly rotated key is accepted within seconds while a stream of forged kids
 *   cannot turn into a stream of fetches.
 * - `generation()` changes whenever a refresh brings a different set of keys, so that
 *   what was verified with the old set (token-verifier.ts caches it) is verified again.
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
  let publishedKeys = "";
  let generation = 0;

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
    const keys = body.keys.filter(isPublicKey);
    const serialised = JSON.stringify(keys);
    if (serialised !== publishedKeys) {
      publishedKeys = serialised;
      generation++;
    }
    local = createLocalJWKSet({ keys });
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

  /** Stale keys keep working until the background refresh lands. */
  function refreshIfStale() {
    if (local && isStale() && !inFlight && !coolingDown()) refresh().catch(() => {});
  }

  return {
    /** Changes each time the published keys change; 0 before the first fetch. */
    generation: () => generation,
    /** Keeps the keys fresh for callers that did not need one (a cached token). */
    refreshIfStale,
    /** A key resolver for jose's `jwtVerify`. */
    async getKey(header: JWSHeaderParameters, token: FlattenedJWSInput) {
      if (!local) {
        try {
          await refresh();
        } catch (cause) {
          throw new KeySetUnavailableError("Could not fetch the signing keys", { cause });
        }
      } else {
        refreshIfStale();
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
