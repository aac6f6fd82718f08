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

export { readableSecret, type TwoFactorRefusal, twoFactorWords } from "./two-factor-words";
