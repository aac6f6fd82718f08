import "server-only";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { eq } from "drizzle-orm";
import type { z } from "zod";
import {
  changePasswordSchema,
  deleteUserSchema,
  messages,
  reauthenticateSchema,
  requestPasswordResetSchema,
  resetPasswordSchema,
  revokeSessionSchema,
  secondFactorSchemas,
  signInSchema,
  signUpSchema,
  updateUserSchema,
} from "../../lib/credentials.ts";
import { getDb } from "../db.ts";

/** Our rules for what people type (SPEC R-A2, R-A3, R-A11; decisions 015, 034), as a plugin. */
const BODY_RULES: Record<string, z.ZodType<Record<string, unknown>>> = {
  "/sign-up/email": signUpSchema,
  "/sign-in/email": signInSchema,
  "/update-user": updateUserSchema,
  "/change-password": changePasswordSchema,
  "/delete-user": deleteUserSchema,
  "/request-password-reset": requestPasswordResetSchema,
  "/reset-password": resetPasswordSchema,
  "/revoke-session": revokeSessionSchema,
  "/reauthenticate": reauthenticateSchema,
  ...secondFactorSchemas,
};

/** The rule a body breaks, naming its field: an unknown field first, by its name. */
function firstIssue(error: z.ZodError) {
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0];
  if (issue?.code === "unrecognized_keys") {
    const field = String(issue.keys[0]);
    return { code: "VALIDATION_ERROR", message: `${field} is not accepted here`, field };
  }
  const field = String(issue?.path[0] ?? "body");
  return { code: "VALIDATION_ERROR", message: issue?.message ?? "Invalid request", field };
}

const resetLinkUsed = { message: messages.resetLinkUsed, field: "token" };
const passwordIncorrect = { message: messages.passwordIncorrect, field: "password" };

/** Better Auth's error codes by endpoint, in SPEC's words and with the field they concern. */
const WORDS: Record<string, Record<string, { message: string; field?: string }>> = {
  "/sign-up/email": {
    USER_ALREADY_EXISTS: { message: messages.emailTaken, field: "email" },
    USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { message: messages.emailTaken, field: "email" },
  },
  "/sign-in/email": { INVALID_EMAIL_OR_PASSWORD: { message: messages.invalidCredentials } },
  "/change-password": {
    INVALID_PASSWORD: { message: messages.currentPasswordIncorrect, field: "currentPassword" },
  },
  "/delete-user": { INVALID_PASSWORD: passwordIncorrect },
  "/reauthenticate": { INVALID_PASSWORD: passwordIncorrect },
  "/two-factor/enable": { INVALID_PASSWORD: passwordIncorrect },
  "/two-factor/disable": { INVALID_PASSWORD: passwordIncorrect },
  "/two-factor/generate-backup-codes": { INVALID_PASSWORD: passwordIncorrect },
  "/reset-password": { INVALID_TOKEN: resetLinkUsed, USER_NOT_FOUND: resetLinkUsed },
};

/** Whether an account holds `email`; Better Auth stores emails lowercased, as compared here. */
async function emailIsRegistered(email: unknown): Promise<boolean> {
  if (typeof email !== "string") return false;
  const rows = await getDb()
    .select({ id: schema.user.id })
    .from(schema.user)
    .where(eq(schema.user.email, email.trim().toLowerCase()))
    .limit(1);
  return rows.length > 0;
}

const EMAIL_TAKEN = "USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL";

/** Better Auth's refusal in SPEC's words; a lost sign-up race gets the taken email's (R-A4). */
async function wordsFor(path: string, code: string, body: unknown) {
  const words = WORDS[path]?.[code];
  if (words) return { code, ...words };
  if (code !== "FAILED_TO_CREATE_USER") return undefined;
  const email = (body as { email?: unknown } | undefined)?.email;
  const taken = WORDS[path]?.[EMAIL_TAKEN];
  return taken && (await emailIsRegistered(email)) ? { code: EMAIL_TAKEN, ...taken } : undefined;
}

export const credentialRules = () =>
  ({
    id: "credential-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in BODY_RULES,
          handler: createAuthMiddleware(async (ctx) => {
            const rules = BODY_RULES[ctx.path] as z.ZodType<Record<string, unknown>>;
            const checked = rules.safeParse(ctx.body ?? {});
            if (!checked.success) throw new APIError("BAD_REQUEST", firstIssue(checked.error));
            return { context: { body: checked.data } };
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path !== undefined && ctx.path in WORDS,
          handler: createAuthMiddleware(async (ctx) => {
            const refusal = ctx.context.returned;
            if (!isAPIError(refusal)) return;
            const code = (refusal.body as { code?: unknown } | undefined)?.code;
            const words = typeof code === "string" && (await wordsFor(ctx.path, code, ctx.body));
            if (words) throw new APIError(refusal.status, words, refusal.headers);
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
