/**
 * What the second step's forms show, without zod (the schemas load on submit): Better Auth's
 * refusals in plain words and the secret in readable groups (R-M1–R-M4).
 */
import { messages } from "@/lib/credential-limits";

export interface TwoFactorRefusal {
  message: string;
  /** Only the password is shown on its field; a refused code is announced for the whole form. */
  field?: "password";
  /** The pending sign-in is gone: the person starts again from email and password. */
  restart?: boolean;
}

const WORDS: Record<string, TwoFactorRefusal> = {
  INVALID_PASSWORD: { message: messages.passwordIncorrect, field: "password" },
  INVALID_CODE: {
    message: "That code is not right. Enter the code your authenticator app shows now.",
  },
  INVALID_BACKUP_CODE: { message: "That recovery code is not right, or it was used already." },
  TOO_MANY_ATTEMPTS_REQUEST_NEW_CODE: {
    message: "Too many wrong codes for this sign-in. Start again with your email and password.",
    restart: true,
  },
  ACCOUNT_TEMPORARILY_LOCKED: {
    message:
      "Too many wrong codes for this account, so the second step is locked. Try again in 15 minutes.",
  },
  INVALID_TWO_FACTOR_COOKIE: {
    message: "This sign-in has expired. Start again with your email and password.",
    restart: true,
  },
};

/** The words for a refused twoFactor call, by its code; else the server's own message. */
export function twoFactorWords(error: { code?: string; message?: string }): TwoFactorRefusal {
  const words = error.code ? WORDS[error.code] : undefined;
  return words ?? { message: error.message || "Something went wrong. Please try again." };
}

/** The base32 secret of an otpauth URI, in groups of four for reading aloud or typing. */
export function readableSecret(totpURI: string): string {
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}
