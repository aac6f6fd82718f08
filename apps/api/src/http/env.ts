import type { Logger } from "pino";
import type { VerifiedUserId } from "../auth/verified-user.ts";

/** What middleware puts on the request context for the handlers after it. */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    userId: VerifiedUserId;
  };
}
