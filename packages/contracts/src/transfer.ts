/** Bulk actions and clearing (R-K19), export and import (R-K20). */
import { z } from "zod";
import { BULK_IDS_MAX } from "./limits.ts";
import { noRepeats } from "./planning.ts";
import { newTaskFields, taskSchema } from "./task.ts";

export const IMPORT_TASKS_MAX = 5000;
export const IMPORT_BYTES_MAX = 5 * 1024 * 1024;
/** The CSV header row, in this order: export writes it, import reads these columns. */
export const taskCsvColumns = [
  "title",
  "description",
  "completed",
  "dueDate",
  "priority",
  "tags",
] as const;
export type TaskCsvColumn = (typeof taskCsvColumns)[number];

export const bulkActions = ["complete", "uncomplete", "delete"] as const;
export type BulkAction = (typeof bulkActions)[number];

export const bulkRequestSchema = z
  .strictObject({
    ids: z
      .array(z.uuid({ error: "Task id must be a UUID" }), {
        error: "ids must be a list of task ids",
      })
      .min(1, { error: "Give at least one task id" })
      .max(BULK_IDS_MAX, { error: `Give at most ${BULK_IDS_MAX} task ids` })
      .check(noRepeats((id) => id.toLowerCase(), "Task id given twice"))
      .meta({ minItems: 1, maxItems: BULK_IDS_MAX, uniqueItems: true }),
    action: z
      .enum(bulkActions, { error: "Action must be complete, uncomplete or delete" })
      .meta({ description: "What to do with every task given." }),
  })
  .meta({
    id: "BulkRequest",
    description: "An action on 1 to 100 of the caller's tasks: all of them, or none.",
  });

export const bulkResultSchema = z
  .object({
    count: z.int().meta({ description: "How many tasks the action applied to." }),
    tasks: z
      .array(taskSchema)
      .meta({ description: "The changed tasks, in the order given; empty after a delete." }),
  })
  .meta({ id: "BulkResult", description: "What a bulk action or clearing did." });

export const exportFormats = ["json", "csv"] as const;

export const exportQuerySchema = z.strictObject({
  format: z
    .enum(exportFormats, { error: "Format must be json or csv" })
    .default("json")
    .meta({ description: "`json` (the default) or `csv`." }),
});

export const clearQuerySchema = z.strictObject({
  status: z
    .literal("completed", { error: "Give status=completed: only completed tasks are cleared" })
    .meta({ description: "Must be `completed`: every completed task is deleted." }),
});

export const taskExportSchema = z
  .object({ tasks: z.array(taskSchema) })
  .meta({ id: "TaskExport", description: "Every task of the caller, oldest first." });

/** One task to import: the fields of a new task; anything else (id, dates...) is ignored. */
export const importTaskSchema = z
  .object(newTaskFields)
  .meta({ id: "ImportTask", description: "A new task's fields; other fields are ignored." });

export const importRequestSchema = z
  .strictObject({
    tasks: z
      .array(importTaskSchema, { error: "tasks must be a list of tasks" })
      .max(IMPORT_TASKS_MAX, { error: `Import at most ${IMPORT_TASKS_MAX} tasks at once` })
      .meta({ maxItems: IMPORT_TASKS_MAX }),
  })
  .meta({
    id: "ImportRequest",
    description: "Tasks to add, as an export gives them; all are added, or none.",
  });

export const importResultSchema = z
  .object({ count: z.int().meta({ description: "How many tasks were added." }) })
  .meta({ id: "ImportResult", description: "What an import added." });

export type BulkRequest = z.infer<typeof bulkRequestSchema>;
export type BulkResult = z.infer<typeof bulkResultSchema>;
export type TaskExport = z.infer<typeof taskExportSchema>;
export type ImportTask = z.infer<typeof importTaskSchema>;
export type ImportRequest = z.infer<typeof importRequestSchema>;
export type ImportResult = z.infer<typeof importResultSchema>;
