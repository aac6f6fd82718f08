/** Creating a task once per `Idempotency-Key` (R-K18, decision 021), claimed in its transaction. */
import { createHash } from "node:crypto";
import type { Task } from "@tasks/contracts";
import { type Database, IDEMPOTENCY_KEY_TTL_HOURS, schema } from "@tasks/db";
import { and, eq, lt, ne, sql } from "drizzle-orm";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { etagOf } from "./preconditions.ts";
import { createTask, type NewTask } from "./tasks.queries.ts";

const { idempotencyKey } = schema;

export interface KeptAnswer {
  status: number;
  location: string;
  etag: string;
  body: string;
}

export type CreateOnceResult =
  | { outcome: "created"; task: Task; location: string }
  | { outcome: "replayed"; answer: KeptAnswer }
  | { outcome: "reused" };

/** A digest of the validated body: the same task asked for twice has the same one. */
export const fingerprintOf = (input: unknown) =>
  createHash("sha256").update(JSON.stringify(input)).digest("base64url");

const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`;

/** Creates the task unless `key` was used: then the first answer, or "reused" for another body. */
export async function createOnce(
  db: Database,
  options: {
    key: string;
    fingerprint: string;
    input: NewTask;
    locate: (task: Task) => string;
  },
): Promise<CreateOnceResult> {
  const { key, fingerprint, input } = options;
  const userId: VerifiedUserId = input.userId;
  const mine = and(eq(idempotencyKey.userId, userId), eq(idempotencyKey.key, key));
  return db.transaction(async (tx) => {
    await tx
      .delete(idempotencyKey)
      .where(
        and(
          eq(idempotencyKey.userId, userId),
          ne(idempotencyKey.key, key),
          lt(idempotencyKey.createdAt, expired),
        ),
      );
    const claimed = await tx
      .insert(idempotencyKey)
      .values({ userId, key, fingerprint })
      .onConflictDoUpdate({
        target: [idempotencyKey.userId, idempotencyKey.key],
        set: {
          fingerprint,
          status: null,
          location: null,
          etag: null,
          body: null,
          createdAt: sql`now()`,
        },
        setWhere: lt(idempotencyKey.createdAt, expired),
      })
      .returning({ key: idempotencyKey.key });
    if (claimed.length === 0) {
      const [kept] = await tx.select().from(idempotencyKey).where(mine);
      if (!kept || kept.fingerprint !== fingerprint || kept.body === null) {
        return { outcome: "reused" } as const;
      }
      const answer = {
        status: kept.status ?? 201,
        location: kept.location ?? "",
        etag: kept.etag ?? "",
        body: kept.body,
      };
      return { outcome: "replayed", answer } as const;
    }
    const task = await createTask(tx, input);
    const location = options.locate(task);
    await tx
      .update(idempotencyKey)
      .set({ status: 201, location, etag: etagOf(task.version), body: JSON.stringify(task) })
      .where(mine);
    return { outcome: "created", task, location } as const;
  });
}
