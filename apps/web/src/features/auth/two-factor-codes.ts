/** The forms' checks of second-step codes (R-M1–R-M4); the refusals' words are two-factor-words.ts. */
import { z } from "zod";

/** A 6-digit code as an authenticator app shows it; spaces are dropped (RFC 6238, 6 digits). */
export const totpCodeSchema = z.strictObject({
  code: z
    .string()
    .transform((code) => code.replace(/\s+/g, ""))
    .pipe(z.string().regex(/^\d{6}$/, "Enter the 6-digit code from your authenticator app")),
});

/** A recovery code as saved; its form is the server's business (R-M3). */
export const recoveryCodeSchema = z.strictObject({
  code: z.string().trim().min(1, "Enter one of your recovery codes").max(200),
});

/** The base32 secret of an otpauth URI, in groups of four for reading aloud or typing. */
export function readableSecret(totpURI: string): string {
  const secret = new URL(totpURI).searchParams.get("secret") ?? "";
  return secret.match(/.{1,4}/g)?.join(" ") ?? "";
}

export { type TwoFactorRefusal, twoFactorWords } from "./two-factor-words";
