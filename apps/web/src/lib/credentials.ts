/**
 * The sign-up and sign-in rules (SPEC R-A2, R-A3), checked before Better Auth sees the
 * request so that every refusal names the rule in words a person understands.
 */
import { characterCount } from "@tasks/contracts";
import { z } from "zod";

export const EMAIL_MAX = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 128;
export const NAME_MAX = 100;

export const messages = {
  invalidEmail: "Invalid email format",
  passwordTooShort: `Password must be at least ${PASSWORD_MIN} characters`,
  passwordTooLong: `Password must be at most ${PASSWORD_MAX} characters`,
  passwordRequired: "Password is required",
  nameTooLong: `Name must be at most ${NAME_MAX} characters`,
  emailTaken: "Email already registered",
  invalidCredentials: "Invalid credentials",
} as const;

const email = z
  .string({ error: messages.invalidEmail })
  .trim()
  .max(EMAIL_MAX, { error: messages.invalidEmail })
  .pipe(z.email({ error: messages.invalidEmail }))
  .transform((value) => value.toLowerCase());

const newPassword = z
  .string({ error: messages.passwordRequired })
  .refine((value) => characterCount(value) >= PASSWORD_MIN, { error: messages.passwordTooShort })
  .refine((value) => characterCount(value) <= PASSWORD_MAX, { error: messages.passwordTooLong });

const name = z
  .string({ error: "Name must be text" })
  .trim()
  .refine((value) => characterCount(value) <= NAME_MAX, { error: messages.nameTooLong });

export const signUpSchema = z.object({
  name: name.optional().default(""),
  email,
  password: newPassword,
});

export const signInSchema = z.object({
  email,
  password: z
    .string({ error: messages.passwordRequired })
    .min(1, { error: messages.passwordRequired }),
});

export type SignUpInput = z.infer<typeof signUpSchema>;
export type SignInInput = z.infer<typeof signInSchema>;
