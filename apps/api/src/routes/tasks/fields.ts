/** The columns of an answered task: rows read with them are already the API's Task. */
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
