import "server-only";
import { schema } from "@tasks/db";
import { and, eq, like } from "drizzle-orm";
import { getDb } from "./db.ts";

/**
 * Deletes the person `userId` and everything theirs in one transaction (SPEC R-S8): the
 * user row, and through its foreign keys' cascades their sessions (each recorded as
 * ended for the API, R-S6), accounts (the password hash) and tasks; with them, their
 * unused reset links and their API request count. Better Auth's delete-user calls this
 * first (`beforeDelete`); its own deletes that follow then find nothing left.
 */
export async function deleteAccount(userId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .delete(schema.verification)
      .where(
        and(
          eq(schema.verification.value, userId),
          like(schema.verification.identifier, "reset-password:%"),
        ),
      );
    await tx.delete(schema.apiRateLimit).where(eq(schema.apiRateLimit.userId, userId));
    await tx.delete(schema.user).where(eq(schema.user.id, userId));
  });
}
