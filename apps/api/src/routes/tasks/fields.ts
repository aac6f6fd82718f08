/**
 * The columns a task is answered with, in the API's order. Rows read with them are already
 * the API's Task (timestamps come out of the driver as ISO 8601, the due date as its
 * `YYYY-MM-DD` text, tags as an array): no copy per row, and a column added to the table
 * later is not sent anywhere until it is named here.
 */
import { schema } from "@tasks/db";
import type { VerifiedUserId } from "../../auth/verified-user.ts";

const { task } = schema;

export const taskFields = {
  id: task.id,
  userId: task.userId,
  title: task.title,
  description: task.description,
  completed: task.completed,
  dueDate: task.dueDate,
  priority: task.priority,
  tags: task.tags,
  createdAt: task.createdAt,
  updatedAt: task.updatedAt,
  version: task.version,
};

export interface Owned {
  userId: VerifiedUserId;
}

export interface OwnedTask extends Owned {
  id: string;
}
