/**
 * The account forms' limits and messages (SPEC R-A2, R-A3, R-A11) without zod: what a form
 * shows before anything is typed. The schemas that check them are in credentials.ts.
 */

export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;
/** A passkey's name, once trimmed (R-M5). */
export const PASSKEY_NAME_MAX = 64;

export const messages = {
  invalidEmail: "Invalid email format",
  passwordTooShort: `Password must be at least ${PASSWORD_MIN} characters`,
  passwordTooLong: `Password must be at most ${PASSWORD_MAX} characters`,
  passwordRequired: "Password is required",
  nameTooLong: `Name must be at most ${NAME_MAX} characters`,
  emailTaken: "Email already registered",
  invalidCredentials: "Invalid credentials",
  currentPasswordIncorrect: "Current password is incorrect",
  passwordIncorrect: "Password is incorrect",
  resetLinkUsed: "This reset link has expired or was already used",
  resetRequested: "If an account exists for that email, a reset link is on its way",
} as const;
