import { z } from "zod";
import { textField } from "./text.ts";

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 100;

/** Titles are trimmed before they are checked and stored. */
export const titleSchema = z
  .string({ error: "Title must be a string" })
  .trim()
  .pipe(textField({ label: "Title", min: 1, max: TITLE_MAX }))
  // The pipe's input is what a client sends: describe that, with the limits it must meet.
  .meta({
    minLength: 1,
    maxLength: TITLE_MAX,
    description: `Trimmed, then 1 to ${TITLE_MAX} characters.`,
  });

export const descriptionSchema = textField({
  label: "Description",
  min: 0,
  max: DESCRIPTION_MAX,
  multiline: true,
})
  .nullable()
  .meta({ description: `Up to ${DESCRIPTION_MAX} characters; null for none.` });

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
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .meta({ id: "Task", description: "One task, as the API shows it." });

export const createTaskSchema = z
  .strictObject({
    title: titleSchema,
    description: descriptionSchema.optional(),
    completed: completedSchema.optional(),
  })
  .meta({ id: "CreateTask", description: "A new task; unknown fields are refused." });

export const updateTaskSchema = z
  .strictObject({
    title: titleSchema.optional(),
    description: descriptionSchema.optional(),
    completed: completedSchema.optional(),
  })
  .refine((input) => Object.keys(input).length > 0, {
    message: "Give at least one of title, description, completed",
  })
  .meta({
    id: "UpdateTask",
    minProperties: 1,
    description: "The fields to change (at least one); unknown fields are refused.",
  });

export const setCompletionSchema = z
  .strictObject({ completed: completedSchema })
  .meta({ id: "SetCompletion", description: "The completion state to set." });

export const taskStatuses = ["all", "pending", "completed"] as const;
export const taskSorts = ["created", "updated", "title"] as const;
export const sortOrders = ["asc", "desc"] as const;

const limitSchema = z
  .string()
  .regex(/^[0-9]{1,4}$/, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
  .transform(Number)
  .pipe(
    z
      .number()
      .min(1, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` })
      .max(LIST_LIMIT_MAX, { error: `Limit must be a whole number from 1 to ${LIST_LIMIT_MAX}` }),
  );

export const listTasksQuerySchema = z.strictObject({
  status: z
    .enum(taskStatuses, { error: "Status must be all, pending or completed" })
    .default("all")
    .meta({ description: "Which tasks: all, only pending, or only completed ones." }),
  sort: z
    .enum(taskSorts, { error: "Sort must be created, updated or title" })
    .default("created")
    .meta({ description: "The field the list is ordered by." }),
  order: z
    .enum(sortOrders, { error: "Order must be asc or desc" })
    .optional()
    .meta({ description: "Default: desc (newest first) for created and updated, asc for title." }),
  // Parsed from the query string's text; described as the integer it must be.
  limit: limitSchema.default(LIST_LIMIT_DEFAULT).meta({
    type: "integer",
    minimum: 1,
    maximum: LIST_LIMIT_MAX,
    default: LIST_LIMIT_DEFAULT,
    description: "Tasks per page.",
  }),
  cursor: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,512}$/, { error: "Cursor is not one this API returned" })
    .optional()
    .meta({
      description:
        "The previous page's `nextCursor`, with the same status, sort and order, for the next page.",
    }),
});

export const taskPageSchema = z
  .object({
    tasks: z.array(taskSchema),
    nextCursor: z
      .string()
      .nullable()
      .meta({ description: "Pass as `cursor` to get the next page; null on the last page." }),
  })
  .meta({ id: "TaskPage", description: "One page of the caller's tasks." });

export const taskCountsSchema = z
  .object({ all: z.number().int(), pending: z.number().int(), completed: z.number().int() })
  .meta({ id: "TaskCounts", description: "How many of the caller's tasks are in each state." });

export type Task = z.infer<typeof taskSchema>;
export type TaskCounts = z.infer<typeof taskCountsSchema>;
export type TaskPage = z.infer<typeof taskPageSchema>;
export type CreateTaskInput = z.infer<typeof createTaskSchema>;
export type UpdateTaskInput = z.infer<typeof updateTaskSchema>;
export type SetCompletionInput = z.infer<typeof setCompletionSchema>;
export type ListTasksQuery = z.infer<typeof listTasksQuerySchema>;
export type ListTasksParams = z.input<typeof listTasksQuerySchema>;
export type TaskStatus = (typeof taskStatuses)[number];
export type TaskSort = (typeof taskSorts)[number];
export type SortOrder = (typeof sortOrders)[number];
