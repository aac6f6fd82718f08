/** The one "try again shortly" (R-O3, R-O11): 503 with Retry-After. */
export const RETRY_AFTER_SECONDS = 5;

export const UNAVAILABLE_STATUS = 503;

export const retryAfterHeaders = (): Record<string, string> => ({
  "retry-after": String(RETRY_AFTER_SECONDS),
});
