/**
 * Verifies the API's bearer tokens locally, against the web app's published keys.
 *
 * jose's defaults are too lenient for this (no required `exp`, any issuer or audience,
 * any algorithm the key allows), so every check is spelled out here.
 *
 * A client sends the same token with every request until it expires, so each verified
 * token is remembered (by its exact text) until its `exp`, or until the published keys
 * change: the signature check, the most expensive step of a request, runs once per token
 * rather than once per request (docs/benchmarks.md). Only tokens that passed every check
 * are kept, so forged ones cannot fill the cache, and it is bounded anyway.
 */
import { jwtVerify } from "jose";
import type { KeySet } from "./key-set.ts";
import type { VerifiedUserId } from "./verified-user.ts";

export interface VerifiedToken {
  userId: VerifiedUserId;
}

export interface TokenVerifierOptions {
  keySet: KeySet;
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** How many verified tokens are remembered; the oldest is forgotten first. */
  maxCachedTokens?: number;
}

interface CachedToken {
  userId: VerifiedUserId;
  /** `exp` plus the clock tolerance, in ms: after this the token is refused. */
  validUntilMs: number;
  /** The key set's generation the token was verified with. */
  keys: number;
}

/** Far above any token web issues; refuses oversized input before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;
const MAX_SUBJECT_LENGTH = 255;
/**
 * A subject that can name a user: 1 to 255 characters of well-formed text with no control
 * characters (web issues alphanumeric ids). Anything else could not be stored or compared
 * faithfully, so such a token is refused like any other invalid one.
 */
function isUserId(sub: unknown): sub is string {
  return (
    typeof sub === "string" &&
    sub.length > 0 &&
    sub.length <= MAX_SUBJECT_LENGTH &&
    sub.isWellFormed() &&
    !CONTROL_CHARACTER.test(sub)
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createTokenVerifier(options: TokenVerifierOptions) {
  const { keySet } = options;
  const maxCached = options.maxCachedTokens ?? 10_000;
  const cache = new Map<string, CachedToken>();

  function remember(token: string, entry: CachedToken) {
    // Two first requests with one token may both verify it: replace, do not evict.
    cache.delete(token);
    if (cache.size >= maxCached) {
      // Maps iterate in insertion order: the first key is the oldest entry.
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(token, entry);
  }

  /** Every check, signature included: the subject and expiry, or null. */
  async function check(token: string): Promise<{ userId: VerifiedUserId; exp: number } | null> {
    if (!COMPACT_JWS.test(token)) return null;
    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, keySet.getKey, {
        algorithms: options.algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ["sub", "exp"],
        clockTolerance: options.clockToleranceSeconds,
      }));
    } catch (error) {
      if (error instanceof Error && error.name === "KeySetUnavailableError") throw error;
      return null;
    }
    const { sub, iat, exp } = payload;
    if (!isUserId(sub) || exp === undefined) return null;
    // jose accepts an `iat` in the future; a token from the future was not issued by web.
    if (iat !== undefined && iat > Date.now() / 1000 + options.clockToleranceSeconds) return null;
    return { userId: sub as VerifiedUserId, exp };
  }

  return {
    /**
     * The verified token, or null when it is not acceptable for any reason. Throws only
     * when the keys cannot be had at all (KeySetUnavailableError): that is our outage,
     * not the caller's fault.
     */
    async verify(token: string): Promise<VerifiedToken | null> {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      const cached = cache.get(token);
      if (cached) {
        keySet.refreshIfStale(); // as a full check would: a withdrawn key is noticed in time
        if (cached.keys === keySet.generation() && Date.now() < cached.validUntilMs) {
          return { userId: cached.userId };
        }
        cache.delete(token);
      }
      // Read before verifying: if the keys change meanwhile, the entry is already stale.
      const keys = keySet.generation();
      const verified = await check(token);
      if (!verified) return null;
      const validUntilMs = (verified.exp + options.clockToleranceSeconds) * 1000;
      remember(token, { userId: verified.userId, validUntilMs, keys });
      return { userId: verified.userId };
    },
    /** How many verified tokens are remembered (for tests). */
    cachedTokens: () => cache.size,
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
