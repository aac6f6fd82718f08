/**
 * Verifies the API's bearer tokens locally, against the web app's published keys.
 *
 * jose's defaults are too lenient for this (no required `exp`, any issuer or audience,
 * any algorithm the key allows), so every check is spelled out here.
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
    ![...sub].some((ch) => ch < " " || ch === "\u007f")
  );
}

const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function createTokenVerifier(options: TokenVerifierOptions) {
  const getKey = options.keySet.getKey;
  return {
    /**
     * The verified token, or null when it is not acceptable for any reason. Throws only
     * when the keys cannot be had at all (KeySetUnavailableError): that is our outage,
     * not the caller's fault.
     */
    async verify(token: string): Promise<VerifiedToken | null> {
      if (token.length > MAX_TOKEN_LENGTH || !COMPACT_JWS.test(token)) return null;
      let payload: Awaited<ReturnType<typeof jwtVerify>>["payload"];
      try {
        ({ payload } = await jwtVerify(token, getKey, {
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
      const { sub, iat } = payload;
      if (!isUserId(sub)) return null;
      // jose accepts an `iat` in the future; a token from the future was not issued by web.
      if (iat !== undefined && iat > Date.now() / 1000 + options.clockToleranceSeconds) return null;
      return { userId: sub as VerifiedUserId };
    },
  };
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;
