/**
 * The one answer to "try again shortly" (SPEC R-O3, R-O11): 503 with Retry-After, for a
 * database that does not answer, signing keys out of reach, or an instance shutting down.
 * Each service puts it in its own error shape; the status and the header are these.
 */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_STATUS = 503;

/** Headers of every 503 answer. */
export const retryAfterHeaders = (): Record<string, string> => ({
  "retry-after": String(RETRY_AFTER_SECONDS),
});
