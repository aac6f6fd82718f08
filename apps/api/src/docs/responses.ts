/** JSON and problem responses for route declarations, each error described once with `Problem`. */
import { z } from "@hono/zod-openapi";
import { problemSchema } from "@tasks/contracts";
import { type ProblemCode, problemTypes } from "../http/problem.ts";

const explanations: Record<ProblemCode, string> = {
  validation:
    "a parameter or field is missing, of the wrong type, too long, or unknown; `errors` names each.",
  unauthorized: "no bearer token, or one that does not verify.",
  forbidden: "the token belongs to another user than `{user_id}`.",
  "mfa-required":
    "with `AUTH_REQUIRE_MFA=true`, the token's `amr` shows no second factor (`otp`, `hwk`, `swk` or `mfa`).",
  "not-found": "no task with this id in the caller's own list.",
  "method-not-allowed": "the resource does not support this method; see `Allow`.",
  "precondition-failed":
    "`If-Match` names no current version of the task: it changed since it was read. `ETag` is its version now.",
  "payload-too-large": "the body is over 32 KiB (5 MiB for an import).",
  "unsupported-media-type": "the body is not `application/json` (or `text/csv` for an import).",
  "idempotency-key-reused":
    "this `Idempotency-Key` was used in the last 24 hours with another body.",
  "too-many-requests": "over the per-person request limit; see `Retry-After`.",
  "service-unavailable": "the database or the signing keys cannot be reached; see `Retry-After`.",
  internal: "something went wrong on the server.",
  "not-implemented": "the server implements this method for no resource.",
};

const retryAfter = z.object({
  "Retry-After": z.int().meta({ description: "Seconds to wait before trying again." }),
});

const problemHeaders: Partial<Record<ProblemCode, z.ZodObject>> = {
  unauthorized: z.object({
    "WWW-Authenticate": z.string().meta({
      description:
        'The Bearer challenge (RFC 6750), with `error="invalid_token"` when a token was given.',
    }),
  }),
  "too-many-requests": retryAfter,
  "precondition-failed": z.object({
    ETag: z.string().meta({ description: "The task's current ETag." }),
  }),
  "service-unavailable": retryAfter,
};

const problemResponse = (code: ProblemCode) => ({
  description: `${problemTypes[code].title}: ${explanations[code]}`,
  ...(problemHeaders[code] ? { headers: problemHeaders[code] } : {}),
  content: { "application/problem+json": { schema: problemSchema } },
});

type StatusOf<C extends ProblemCode> = (typeof problemTypes)[C]["status"];

/** The problem responses for `codes`, keyed by status, for a declaration's `responses`. */
export function problems<C extends ProblemCode>(
  ...codes: C[]
): { [K in C as StatusOf<K>]: ReturnType<typeof problemResponse> } {
  const byStatus: Record<number, ReturnType<typeof problemResponse>> = {};
  for (const code of codes) {
    const { status } = problemTypes[code];
    const response = problemResponse(code);
    // Two problems with one status (403) share the response: both are described.
    const earlier = byStatus[status];
    byStatus[status] = earlier
      ? { ...response, description: `${earlier.description} ${response.description}` }
      : response;
  }
  return byStatus as { [K in C as StatusOf<K>]: ReturnType<typeof problemResponse> };
}

export const json = <S extends z.ZodType>(schema: S, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

/** The problems every call under /api/{user_id}/ can get before its handler runs. */
export const authProblems = [
  "unauthorized",
  "forbidden",
  "mfa-required",
  "too-many-requests",
  "service-unavailable",
] as const;
