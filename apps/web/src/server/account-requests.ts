import "server-only";
import { schema } from "@tasks/db";
import { eq } from "drizzle-orm";
import {
  changePasswordSchema,
  deleteUserSchema,
  messages,
  revokeSessionSchema,
  updateUserSchema,
} from "../lib/credentials.ts";
import { auth } from "./auth.ts";
import type { AccountAction } from "./auth-endpoints.ts";
import { answerFrom, checkBody, clientOf, endpointContext, throttle } from "./auth-requests.ts";
import { getDb } from "./db.ts";
import { logger } from "./logger.ts";
import { passwordResetRequests } from "./password-reset-requests.ts";

/**
 * The account's requests (SPEC R-S1–R-S3, R-S8) on Better Auth's own endpoints, so its
 * client works against them, each checked by our rules first: those that check a
 * password are throttled per client like sign-in, every body is checked field by field
 * (400 naming the field), and errors come in sign-in's shape and SPEC's words.
 *
 * Session tokens never leave the server: list-sessions answers each session's id in
 * place of its token, and revoke-session takes that id back (Better Auth's client
 * passes on whatever `token` the list gave it).
 */
type Handler = (request: Request, body: string) => Promise<Response>;

/** The session token of the session `handle` names (its id), or `handle` itself. */
async function tokenOf(handle: string): Promise<string> {
  const [row] = await getDb()
    .select({ token: schema.session.token })
    .from(schema.session)
    .where(eq(schema.session.id, handle))
    .limit(1);
  return row?.token ?? handle;
}

function logOutcome(action: AccountAction, request: Request, response: Response): Response {
  logger().info(
    {
      event: `auth.${action}`,
      outcome: response.ok ? "success" : "failure",
      status: response.status,
      client: clientOf(request),
    },
    action,
  );
  return response;
}

const listSessions: Handler = (request) =>
  answerFrom(
    () => auth().api.listSessions(endpointContext(request)),
    {},
    (sessions) => sessions.map((session) => ({ ...session, token: session.id })),
  );

const revokeSession: Handler = async (request, body) => {
  const checked = checkBody(revokeSessionSchema, body);
  if (checked.refused) return checked.refused;
  const token = await tokenOf(checked.data.token);
  const response = await answerFrom(() =>
    auth().api.revokeSession({ ...endpointContext(request), body: { token } }),
  );
  return logOutcome("revoke-session", request, response);
};

const updateUser: Handler = async (request, body) => {
  const checked = checkBody(updateUserSchema, body);
  if (checked.refused) return checked.refused;
  return answerFrom(() =>
    auth().api.updateUser({ ...endpointContext(request), body: { name: checked.data.name } }),
  );
};

const changePassword: Handler = async (request, body) => {
  const throttled = await throttle("change-password", clientOf(request));
  if (throttled) return throttled;
  const checked = checkBody(changePasswordSchema, body);
  if (checked.refused) return checked.refused;
  const { currentPassword, newPassword } = checked.data;
  const response = await answerFrom(
    () =>
      auth().api.changePassword({
        ...endpointContext(request),
        // Every other session ends (SPEC R-S2); this one goes on as a new session, whose
        // cookie the answer sets.
        body: { currentPassword, newPassword, revokeOtherSessions: true },
      }),
    { INVALID_PASSWORD: { message: messages.currentPasswordIncorrect, field: "currentPassword" } },
    // The new session's token travels in its HttpOnly cookie, not in a readable body.
    ({ token: _token, ...visible }) => visible,
  );
  return logOutcome("change-password", request, response);
};

const deleteUser: Handler = async (request, body) => {
  const throttled = await throttle("delete-user", clientOf(request));
  if (throttled) return throttled;
  const checked = checkBody(deleteUserSchema, body);
  if (checked.refused) return checked.refused;
  const response = await answerFrom(
    () =>
      auth().api.deleteUser({
        ...endpointContext(request),
        body: { password: checked.data.password },
      }),
    { INVALID_PASSWORD: { message: messages.passwordIncorrect, field: "password" } },
  );
  return logOutcome("delete-user", request, response);
};

/** The handler of each account action, given the request and its body as text. */
export const accountRequests: Record<AccountAction, Handler> = {
  "list-sessions": listSessions,
  "revoke-session": revokeSession,
  "update-user": updateUser,
  "change-password": changePassword,
  "delete-user": deleteUser,
  ...passwordResetRequests,
};
