/** The columns of an answered task: rows read with them are already the API's Task. */
import { schema } from "@tasks/db";
import type { VerifiedUserId } from "../../auth/verified-user.ts";

const { task } = schema;

// In the order answers have always had (an idempotent replay is compared byte for byte).
const { id, ...own } = schema.taskOwnColumns;
export const taskFields = { id, userId: task.userId, ...own };

export interface OwnedTask {
  userId: VerifiedUserId;
  id: string;
}

/** A task's URL, for `Location`. */
export const taskUrl = ({ userId, id }: { userId: string; id: string }) =>
  `/api/${encodeURIComponent(userId)}/tasks/${id}`;
