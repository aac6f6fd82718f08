import "server-only";
import { createHash } from "node:crypto";
import { messages, requestPasswordResetSchema, resetPasswordSchema } from "../lib/credentials.ts";
import { afterAnswer } from "./after-answer.ts";
import { auth } from "./auth.ts";
import { authJson } from "./auth-answers.ts";
import { answerFrom, checkBody, clientOf, endpointContext, throttle } from "./auth-requests.ts";
import { logger } from "./logger.ts";
import { mailDelivery } from "./mail.ts";

/**
 * Forgotten passwords (SPEC R-S4, R-S5) on Better Auth's endpoints.
 *
 * request-password-reset answers at once, the same words, status and work whether or
 * not the email has an account: two throttle counts (per client, and per email address,
 * kept as a hash) and the body check. Better Auth's endpoint, which looks the person up,
 * stores the link's token and sends the mail (reset-mail.ts), runs after the answer.
 * Without a way to send mail (production without SMTP_URL) it answers 503.
 */
type Handler = (request: Request, body: string) => Promise<Response>;

/** The throttle key of an email address: a digest, so the table holds no addresses. */
const emailKey = (email: string) => createHash("sha256").update(email).digest("base64url");

export const resetNotAvailable = {
  code: "RESET_NOT_AVAILABLE",
  message: "Password reset by email is not available here. Ask the site's operator for help.",
} as const;

const requestPasswordReset: Handler = async (request, body) => {
  if (mailDelivery() === "unavailable") return authJson(503, resetNotAvailable);
  const throttled = await throttle("password-reset", clientOf(request));
  if (throttled) return throttled;
  const checked = checkBody(requestPasswordResetSchema, body);
  if (checked.refused) return checked.refused;
  const { email } = checked.data;
  const perEmail = await throttle("password-reset-email", emailKey(email));
  if (perEmail) return perEmail;
  // Headers only, no request: the origin was checked already (auth-handler.ts), and the
  // request is over by the time this runs.
  afterAnswer("password-reset", () =>
    auth().api.requestPasswordReset({ body: { email }, headers: request.headers }),
  );
  logger().info({ event: "auth.request-password-reset", client: clientOf(request) }, "reset asked");
  return authJson(200, { status: true, message: messages.resetRequested });
};

const resetPassword: Handler = async (request, body) => {
  const throttled = await throttle("reset-password", clientOf(request));
  if (throttled) return throttled;
  const checked = checkBody(resetPasswordSchema, body);
  if (checked.refused) return checked.refused;
  const expired = { message: messages.resetLinkUsed, field: "token" };
  const response = await answerFrom(
    () => auth().api.resetPassword({ ...endpointContext(request), body: checked.data }),
    { INVALID_TOKEN: expired, USER_NOT_FOUND: expired },
  );
  logger().info(
    {
      event: "auth.reset-password",
      outcome: response.ok ? "success" : "failure",
      status: response.status,
      client: clientOf(request),
    },
    "reset-password",
  );
  return response;
};

/** The handlers of the forgotten-password requests, given the request and its body as text. */
export const passwordResetRequests = {
  "request-password-reset": requestPasswordReset,
  "reset-password": resetPassword,
} as const;
