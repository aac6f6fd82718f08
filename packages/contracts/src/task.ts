import { z } from "zod";
import { DESCRIPTION_MAX, TITLE_MAX, taskPriorities } from "./limits.ts";
import { searchUsedSchema } from "./list-query.ts";
import { dueDateSchema, prioritySchema, tagsSchema } from "./planning.ts";
import { textField } from "./text-field.ts";

/** Titles are trimmed before they are checked and stored. */
export const titleSchema = z
  .string({ error: "Title must be a string" })
  .trim()
  .pipe(textField({ label: "Title", min: 1, max: TITLE_MAX, nfc: true, shown: true }))
  // The pipe's input is what a client sends: describe that, with the limits it must meet.
  .meta({
    minLength: 1,
    maxLength: TITLE_MAX,
    description: `Trimmed and stored in Unicode NFC, then 1 to ${TITLE_MAX} characters.`,
  });

export const descriptionSchema = textField({
  label: "Description",
  min: 0,
  max: DESCRIPTION_MAX,
  multiline: true,
  nfc: true,
})
  .nullable()
  .meta({
    description: `Up to ${DESCRIPTION_MAX} characters, stored in Unicode NFC; null for none.`,
  });

const completedSchema = z.boolean({ error: "Completed must be true or false" });

export const taskIdSchema = z
  .uuid({ error: "Task id must be a UUID" })
  .meta({ description: "The task's id." });

export const taskSchema = z
  .object({
    id: z.uuid(),
    userId: z.string(),
    title: z.string(),
    description: z.string().nullable(),
    completed: z.boolean(),
    dueDate: z.iso.date().nullable().meta({ description: "YYYY-MM-DD, or null." }),
    priority: z.enum(taskPriorities),
    tags: z.array(z.string()).meta({ description: "Tag names, as the person first spelled each." }),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
    version: z.int().min(1).meta({
      description:
        'Goes up by one on every change. The task\'s `ETag` is this number in quotes (`"3"`): send it as `If-Match` to refuse a lost update.',
    }),
  })
  .meta({ id: "Task", description: "One task, as the API shows it." });

/** The fields of a new task: what create reads, and import of each task; update, all optional. */
export const newTaskFields = {
  title: titleSchema,
  description: descriptionSchema.optional(),
  completed: completedSchema.optional(),
  dueDate: dueDateSchema.optional(),
  priority: prioritySchema.optional(),
  tags: tagsSchema.optional(),
};

export const createTaskSchema = z
  .strictObject(newTaskFields)
  .meta({ id: "CreateTask", description: "A new task; unknown fields are refused." });

export const updateTaskSchema = z
  .strictObject({ ...newTaskFields, title: titleSchema.optional() })
  .refine((input) => Object.keys(input).length > 0, {
    message: "Give at least one of title, description, completed, dueDate, priority, tags",
  })
  .meta({
    id: "UpdateTask",
    minProperties: 1,
    description:
      "The fields to change (at least one); the others keep their values. `tags` replaces the whole list. Unknown fields are refused.",
  });

export const setCompletionSchema = z
  .strictObject({ completed: completedSchema })
  .meta({ id: "SetCompletion", description: "The completion state to set." });

export const taskPageSchema = z
  .object({
    tasks: z.array(taskSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` to get the next page; null on the last page." }),
    search: searchUsedSchema.optional(),
  })
  .meta({ id: "TaskPage", description: "One page of the caller's tasks." });

export const taskCountsSchema = z
  .object({
    all: z.number().int(),
    pending: z.number().int(),
    completed: z.number().int(),
    search: searchUsedSchema.optional(),
  })
  .meta({ id: "TaskCounts", description: "How many of the caller's tasks are in each state." });

export type Task = z.infer<typeof taskSchema>;
export type TaskCounts = z.infer<typeof taskCountsSchema>;
export type TaskPage = z.infer<typeof taskPageSchema>;
export type CreateTaskInput = z.infer<typeof createTaskSchema>;
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;
