/** The one "try again shortly" (R-O3, R-O11): 503 with Retry-After, in 5 seconds. */
export const retryAfterHeaders = (): Record<string, string> => ({ "retry-after": "5" });
