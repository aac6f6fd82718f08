/** Every error answer is application/problem+json (RFC 9457); handlers throw an ApiError. */
import type { FieldError, Problem } from "@tasks/contracts";

export const problemTypes = {
  validation: { status: 400, title: "Invalid request" },
  unauthorized: { status: 401, title: "Unauthorized" },
  forbidden: { status: 403, title: "Forbidden" },
  "mfa-required": { status: 403, title: "Second factor required" },
  "not-found": { status: 404, title: "Not found" },
  "method-not-allowed": { status: 405, title: "Method not allowed" },
  "precondition-failed": { status: 412, title: "Precondition failed" },
  "payload-too-large": { status: 413, title: "Payload too large" },
  "unsupported-media-type": { status: 415, title: "Unsupported media type" },
  "idempotency-key-reused": { status: 422, title: "Idempotency key reused" },
  "too-many-requests": { status: 429, title: "Too many requests" },
  "service-unavailable": { status: 503, title: "Service unavailable" },
  internal: { status: 500, title: "Internal server error" },
  "not-implemented": { status: 501, title: "Not implemented" },
} as const;

export type ProblemCode = keyof typeof problemTypes;

export class ApiError extends Error {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly errors?: FieldError[];
  readonly headers?: Record<string, string>;

  constructor(
    code: ProblemCode,
    detail: string,
    errors?: FieldError[],
    headers?: Record<string, string>,
  ) {
    super(detail);
    this.name = "ApiError";
    this.code = code;
    this.detail = detail;
    this.errors = errors;
    this.headers = headers;
  }
}

/** The `type` is a link to the problem's description on the API's reference page. */
export function problemBody(code: ProblemCode, detail: string, errors?: FieldError[]): Problem {
  const { status, title } = problemTypes[code];
  return { type: `/docs#problem-${code}`, title, status, detail, ...(errors ? { errors } : {}) };
}

export function problemResponse(error: ApiError, requestId?: string): Response {
  const body = problemBody(error.code, error.detail, error.errors);
  const headers = new Headers(error.headers);
  headers.set("content-type", "application/problem+json");
  headers.set("cache-control", "no-store");
  if (requestId) body.instance = `urn:request:${requestId}`;
  return new Response(JSON.stringify(body), { status: body.status, headers });
}

export const invalid = (field: string, message: string) =>
  new ApiError("validation", message, [{ field, message }]);
