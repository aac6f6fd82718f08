/**
 * Verifies bearer tokens against web's keys, every check explicit (jose requires no `exp`, `iss` or
 * `aud`). A verified token is cached until `exp` or a key change; its session (R-S6) is checked each time.
 */
import { jwtVerify } from "jose";
import { type KeySet, KeySetUnavailableError } from "./key-set.ts";
import type { RevocationList } from "./revocations.ts";
import type { VerifiedUserId } from "./verified-user.ts";

export interface VerifiedToken {
  userId: VerifiedUserId;
  sessionId: string;
  /** Whether `amr` (RFC 8176) shows a second factor: `otp`, `hwk`, `swk` or `mfa` (R-M8). */
  secondFactor: boolean;
}

export interface TokenVerifierOptions {
  keySet: KeySet;
  issuer: string;
  audience: string;
  algorithms: string[];
  clockToleranceSeconds: number;
  /** Tokens whose `exp - iat` exceeds this are refused (web's JWT_TTL, in seconds). */
  maxTokenLifetimeSeconds: number;
  revocations: Pick<RevocationList, "isEnded">;
  maxCachedTokens?: number;
}

interface CachedToken extends VerifiedToken {
  /** `sexp`, the session's absolute end, in ms. */
  sessionEndsMs: number;
  /** `exp` plus the clock tolerance, in ms. */
  validUntilMs: number;
  keys: string;
}

/** Far above any token web issues; refuses oversized input before any parsing. */
export const MAX_TOKEN_LENGTH = 4096;
const MAX_SUBJECT_LENGTH = 255;
/** A subject or session id that can name a row: 1–255 characters, no controls. */
function isIdentifier(id: unknown): id is string {
  return (
    typeof id === "string" &&
    id.length > 0 &&
    id.length <= MAX_SUBJECT_LENGTH &&
    id.isWellFormed() &&
    !CONTROL_CHARACTER.test(id)
  );
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding them is the point.
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
const SECOND_FACTORS = new Set(["otp", "hwk", "swk", "mfa"]);
/** An `amr` claim: a short list of short strings (web's values are RFC 8176's). */
const isAmr = (amr: unknown): amr is string[] =>
  Array.isArray(amr) &&
  amr.length > 0 &&
  amr.length <= 16 &&
  amr.every((value) => typeof value === "string" && value.length <= 32);

export function createTokenVerifier(options: TokenVerifierOptions) {
  const { keySet } = options;
  // A cached token is checked again once the published keys change.
  let publishedKeys = "";
  const notePublishedKeys = () => {
    publishedKeys = JSON.stringify(keySet.jwks() ?? null);
  };
  const maxCached = options.maxCachedTokens ?? 10_000;
  const cache = new Map<string, CachedToken>();

  function remember(token: string, entry: CachedToken) {
    cache.delete(token);
    if (cache.size >= maxCached) {
      const oldest = cache.keys().next();
      if (!oldest.done) cache.delete(oldest.value);
    }
    cache.set(token, entry);
  }

  async function check(token: string): Promise<CachedToken | null> {
    if (!COMPACT_JWS.test(token)) return null;
    let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
    try {
      ({ payload } = await jwtVerify(token, keySet, {
        algorithms: options.algorithms,
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ["sub", "exp", "iat", "sid", "sexp", "amr"],
        clockTolerance: options.clockToleranceSeconds,
      }));
    } catch (cause) {
      if (keySet.jwks() === undefined) {
        throw new KeySetUnavailableError("Could not fetch the signing keys", { cause });
      }
      return null;
    } finally {
      notePublishedKeys();
    }
    const { sub, iat, exp, sid, sexp, amr } = payload;
    if (!isIdentifier(sub) || !isIdentifier(sid) || iat === undefined || exp === undefined) {
      return null;
    }
    if (typeof sexp !== "number" || !Number.isFinite(sexp) || !isAmr(amr)) return null;
    // jose accepts an `iat` in the future; a token from the future was not issued by web.
    if (iat > Date.now() / 1000 + options.clockToleranceSeconds) return null;
    if (exp - iat > options.maxTokenLifetimeSeconds) return null;
    return {
      userId: sub as VerifiedUserId,
      sessionId: sid,
      secondFactor: amr.some((value) => SECOND_FACTORS.has(value)),
      sessionEndsMs: sexp * 1000,
      validUntilMs: (exp + options.clockToleranceSeconds) * 1000,
      keys: publishedKeys,
    };
  }

  /** Not ended and before its own end, with no tolerance; throws RevocationsUnavailableError. */
  function sessionIsAlive(entry: CachedToken): boolean {
    return Date.now() < entry.sessionEndsMs && !options.revocations.isEnded(entry.sessionId);
  }

  return {
    /** The verified token, or null; throws only for our outages (keys or revocations unavailable). */
    async verify(token: string): Promise<VerifiedToken | null> {
      if (token.length > MAX_TOKEN_LENGTH) return null;
      let entry = cache.get(token);
      if (entry) {
        // As a full check would: a withdrawn key is noticed in time.
        if (!keySet.fresh && !keySet.reloading) {
          keySet.reload().then(notePublishedKeys, () => {});
        }
        if (entry.keys !== publishedKeys || Date.now() >= entry.validUntilMs) {
          cache.delete(token);
          entry = undefined;
        }
      }
      if (!entry) {
        entry = (await check(token)) ?? undefined;
        if (!entry) return null;
        remember(token, entry);
      }
      if (!sessionIsAlive(entry)) {
        cache.delete(token);
        return null;
      }
      return { userId: entry.userId, sessionId: entry.sessionId, secondFactor: entry.secondFactor };
    },
    cachedTokens: () => cache.size,
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
