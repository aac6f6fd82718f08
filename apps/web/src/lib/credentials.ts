/** The account forms' rules (SPEC R-A2, R-A3, R-A11), checked by the forms and the server. */
import { textField } from "@tasks/contracts";
import { z } from "zod";
import { EMAIL_MAX, messages, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN } from "./credential-limits.ts";
import { passkeyName } from "./passkey-name.ts";

export { EMAIL_MAX, messages, NAME_MAX, PASSWORD_MAX, PASSWORD_MIN };

/**
 * Trimmed and put in NFC (R-A11: the Kelvin sign is a K), at most 254 characters, a valid
 * address with a local part of at most 64, then lower-cased (SPEC R-A2).
 */
const email = z
  .string({ error: messages.invalidEmail })
  .trim()
  .pipe(textField({ label: "Email", min: 0, max: Number.POSITIVE_INFINITY, nfc: true }))
  .pipe(z.string().max(EMAIL_MAX, { error: messages.invalidEmail }))
  .pipe(z.email({ error: messages.invalidEmail }))
  // RFC 5321 §4.5.3.1.1: a mailbox's local part is at most 64 octets (ASCII here, so characters).
  .refine((value) => value.lastIndexOf("@") <= 64, { error: messages.invalidEmail })
  .transform((value) => value.toLowerCase());

/** A new password (SPEC R-A3): 8 to 128 characters counted in NFC, the form it is hashed in. */
const newPassword = (label = "Password") =>
  textField({ label, min: PASSWORD_MIN, max: PASSWORD_MAX, countNfc: true });

const givenPassword = (label = "Password") =>
  textField({ label, min: 1, max: PASSWORD_MAX, countNfc: true });

const name = z
  .string({
    error: (issue) => (issue.input === undefined ? "Name is required" : "Name must be text"),
  })
  .trim()
  .pipe(textField({ label: "Name", min: 0, max: NAME_MAX }));

/** Fields Better Auth's client may add to a sign-in or sign-up (Better Auth checks them). */
const signInExtras = {
  callbackURL: z.string().max(2048).optional(),
  rememberMe: z.boolean().optional(),
};

/** Strict bodies: an unknown field is refused by name, never stored (decision 034). */
export const signUpSchema = z.strictObject({
  name: name.optional().default(""),
  email,
  password: newPassword(),
  ...signInExtras,
});

export const signInSchema = z.object({ email, password: givenPassword(), ...signInExtras });

export const updateUserSchema = z.strictObject({ name });

export const changePasswordSchema = z.strictObject({
  currentPassword: givenPassword("Current password"),
  newPassword: newPassword("New password"),
  /** Better Auth's client may send it; other sessions end whatever it says (R-S2). */
  revokeOtherSessions: z
    .boolean()
    .default(true)
    .transform(() => true as const),
});

export const deleteUserSchema = z.strictObject({
  password: givenPassword(),
  callbackURL: z.string().max(2048).optional(),
});

/** A recent proof of the password (R-M7). */
export const reauthenticateSchema = z.strictObject({ password: givenPassword() });

/** A record's id as the account page sends it (a passkey's, a trusted device's). */
const recordId = (label: string) => textField({ label, min: 1, max: 255 });

/** A WebAuthn answer: its credential id base64url (W3C WebAuthn §5.1), the rest the plugin's. */
const webAuthnResponse = z.looseObject({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/, { error: "Passkey answer is not valid" }),
});

const secondStepCode = (label: string) => textField({ label, min: 1, max: 64 });

/** Turning two-step verification on or off, or new recovery codes: the password only (R-M7). */
const passwordProof = z.strictObject({ password: givenPassword() });

/**
 * The second factors' bodies (R-M1–R-M5): only what the pages send. Refused by name: the
 * plugins' `disableSession` (a recovery code spent without a sign-in), `createSession` (a
 * session made by registering a passkey, outside every rule of the second step), and
 * enabling's `issuer` (the codes' issuer is the product's) and `method` ("otp" would turn on
 * codes by mail or SMS, which the product does not send).
 */
export const secondFactorSchemas = {
  "/two-factor/enable": passwordProof,
  "/two-factor/disable": passwordProof,
  "/two-factor/generate-backup-codes": passwordProof,
  "/two-factor/verify-totp": z.strictObject({
    code: secondStepCode("Verification code"),
    trustDevice: z.boolean().optional(),
  }),
  "/two-factor/verify-backup-code": z.strictObject({
    code: secondStepCode("Recovery code"),
    trustDevice: z.boolean().optional(),
  }),
  "/passkey/verify-registration": z.strictObject({
    response: webAuthnResponse,
    name: passkeyName.optional(),
  }),
  "/passkey/verify-authentication": z.strictObject({ response: webAuthnResponse }),
  "/passkey/delete-passkey": z.strictObject({ id: recordId("Passkey") }),
  "/passkey/update-passkey": z.strictObject({ id: recordId("Passkey"), name: passkeyName }),
  "/trusted-devices/remove": z.strictObject({ id: recordId("Device") }),
};

export const revokeSessionSchema = z.strictObject({
  token: textField({ label: "Session", min: 1, max: 255 }),
});

export const requestPasswordResetSchema = z.strictObject({
  email,
  redirectTo: z.string().max(2048).optional(),
});

export const resetPasswordSchema = z.strictObject({
  newPassword: newPassword("New password"),
  token: textField({ label: "Reset link", min: 1, max: 255 }),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;
