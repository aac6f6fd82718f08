/** Creating a task once per `Idempotency-Key` (R-K18, decision 021), claimed in its transaction. */
import { createHash } from "node:crypto";
import { type Database, IDEMPOTENCY_KEY_TTL_HOURS, schema } from "@tasks/db";
import { and, eq, lt, ne, sql } from "drizzle-orm";
import { taskUrl } from "./fields.ts";
import { etagOf } from "./preconditions.ts";
import { createTask, type NewTask } from "./tasks.queries.ts";

const { idempotencyKey } = schema;

const expired = sql`now() - make_interval(hours => ${IDEMPOTENCY_KEY_TTL_HOURS})`;

/** Creates the task unless `key` was used: then the first answer, or "reused" for another body. */
export async function createOnce(db: Database, key: string, input: NewTask) {
  const { userId, ...body } = input;
  // A digest of the validated body: the same task asked for twice has the same one.
  const fingerprint = createHash("sha256").update(JSON.stringify(body)).digest("base64url");
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
      const { location, etag, body } = kept;
      return { outcome: "replayed", location, etag, body } as const;
    }
    const task = await createTask(tx, input);
    const location = taskUrl(task);
    await tx
      .update(idempotencyKey)
      .set({ status: 201, location, etag: etagOf(task.version), body: JSON.stringify(task) })
      .where(mine);
    return { outcome: "created", task, location } as const;
  });
}
