import type { Logger } from "pino";
import type { VerifiedUserId } from "../auth/verified-user.ts";

/** What middleware puts on the context; read with `c.get()` (`c.var` copies them all). */
export interface AppEnv {
  Variables: {
    requestId: string;
    logger: Logger;
    userId: VerifiedUserId;
  };
}
