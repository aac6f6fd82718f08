import "server-only";
import { schema } from "@tasks/db";
import { and, eq, like, or } from "drizzle-orm";
import { getDb } from "./db.ts";

/** Deletes `userId` and all theirs in one transaction via cascades (SPEC R-S8, R-S6). */
export async function deleteAccount(userId: string): Promise<void> {
  await getDb().transaction(async (tx) => {
    await tx
      .delete(schema.verification)
      .where(
        and(
          eq(schema.verification.value, userId),
          or(
            like(schema.verification.identifier, "reset-password:%"),
            like(schema.verification.identifier, "trust-device-%"),
            like(schema.verification.identifier, "2fa-%"),
          ),
        ),
      );
    await tx.delete(schema.apiRateLimit).where(eq(schema.apiRateLimit.userId, userId));
    await tx.delete(schema.user).where(eq(schema.user.id, userId));
  });
}
