import type { Logger } from "pino";
import type { VerifiedUserId } from "../auth/verified-user.ts";

/**
 * What middleware puts on the request context for the handlers after it. Read with
 * `c.get(name)`: `c.var` copies every variable into a new object on each access.
 */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    userId: VerifiedUserId;
  };
}
