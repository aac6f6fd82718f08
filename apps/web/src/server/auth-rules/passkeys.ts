import "server-only";
import type { PasskeyOptions } from "@better-auth/passkey";
import { schema } from "@tasks/db";
import type { BetterAuthPlugin } from "better-auth";
import { APIError, createAuthMiddleware, getSessionFromCtx, isAPIError } from "better-auth/api";
import { and, eq } from "drizzle-orm";
import { passkeyName } from "../../lib/passkey-name.ts";
import { getDb } from "../db.ts";

const userVerificationRequired = {
  message: "This passkey did not verify you (no PIN, fingerprint or face). Use one that does.",
  code: "USER_VERIFICATION_REQUIRED",
};

/**
 * Better Auth's passkey options (R-M5, R-M6): relying party id and origin from WEB_URL (the
 * plugin would otherwise believe the request's Origin header), and user verification required,
 * which the plugin does not ask (it verifies with `requireUserVerification: false`). A passkey
 * that signs someone in gets its `lastUsedAt` stamped.
 */
export function passkeyOptions(webUrl: string): PasskeyOptions {
  return {
    rpID: new URL(webUrl).hostname,
    rpName: "Tasks",
    origin: webUrl,
    // A discoverable credential (autofill) that verifies the person (a passkey is both factors).
    authenticatorSelection: { residentKey: "required", userVerification: "required" },
    registration: {
      afterVerification: async ({ verification }) => {
        if (!verification.registrationInfo?.userVerified) {
          throw new APIError("BAD_REQUEST", userVerificationRequired);
        }
      },
    },
    authentication: {
      afterVerification: async ({ verification, clientData }) => {
        if (!verification.authenticationInfo.userVerified) {
          throw new APIError("UNAUTHORIZED", userVerificationRequired);
        }
        // The plugin's own table has no such column; credential ids are unique (migration 0009).
        await getDb()
          .update(schema.passkey)
          .set({ lastUsedAt: new Date() })
          .where(eq(schema.passkey.credentialID, String(clientData.id)));
      },
    },
  };
}

/** The name in a body or query, checked (R-M5): the trimmed name, or a 400 naming `name`. */
function checkedName(value: unknown): string {
  const checked = passkeyName.safeParse(value);
  if (checked.success) return checked.data;
  const message = checked.error.issues[0]?.message ?? "Passkey name is invalid";
  throw new APIError("BAD_REQUEST", { code: "VALIDATION_ERROR", message, field: "name" });
}

const NAMED = new Set(["/passkey/verify-registration", "/passkey/update-passkey"]);
const OWNED = new Set(["/passkey/update-passkey", "/passkey/delete-passkey"]);

async function ownsPasskey(userId: string, id: string): Promise<boolean> {
  const rows = await getDb()
    .select({ id: schema.passkey.id })
    .from(schema.passkey)
    .where(and(eq(schema.passkey.id, id), eq(schema.passkey.userId, userId)))
    .limit(1);
  return rows.length > 0;
}

const notFound = { code: "PASSKEY_NOT_FOUND", message: "Passkey not found", field: "id" };

/**
 * Where the passkey plugin falls short of R-M5 and R-M6, as hooks on its endpoints:
 * - names are 1–64 characters (400 naming `name`), checked before the browser's ceremony too;
 * - the authenticator is given the person's email as the account name, not the passkey's name;
 * - sign-in options ask for user verification (the plugin asks "preferred");
 * - another person's passkey id is answered 404, as one that does not exist, before the plugin's
 *   own check would answer 401 (which a page reads as a lost session).
 */
export const passkeyRules = () =>
  ({
    id: "passkey-rules",
    hooks: {
      before: [
        {
          matcher: (ctx) => ctx.path !== undefined && NAMED.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const body = (ctx.body ?? {}) as Record<string, unknown>;
            return { context: { body: { ...body, name: checkedName(body.name) } } };
          }),
        },
        {
          matcher: (ctx) => ctx.path === "/passkey/generate-register-options",
          handler: createAuthMiddleware(async (ctx) => {
            const query = (ctx.query ?? {}) as Record<string, unknown>;
            if (query.name === undefined) return;
            checkedName(query.name);
            // Empty, the plugin falls back to the email: what browsers list under the passkey.
            return { context: { query: { ...query, name: "" } } };
          }),
        },
        {
          matcher: (ctx) => ctx.path !== undefined && OWNED.has(ctx.path),
          handler: createAuthMiddleware(async (ctx) => {
            const id = (ctx.body as { id?: unknown } | undefined)?.id;
            // Signed out, or no id: the plugin's own answers (401, 400) stand.
            const session = typeof id === "string" && (await getSessionFromCtx(ctx));
            if (!session || (await ownsPasskey(session.user.id, id as string))) return;
            throw new APIError("NOT_FOUND", notFound);
          }),
        },
      ],
      after: [
        {
          matcher: (ctx) => ctx.path === "/passkey/generate-authenticate-options",
          handler: createAuthMiddleware(async (ctx) => {
            const options = ctx.context.returned;
            if (isAPIError(options) || !options || typeof options !== "object") return;
            return ctx.json({ ...options, userVerification: "required" });
          }),
        },
      ],
    },
  }) satisfies BetterAuthPlugin;
