/** The tasks, their tags and the Idempotency-Key answers: the API's part of the schema. */
import { sql } from "drizzle-orm";
import {
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgEnum,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { ownerId } from "./auth-schema.ts";
import { isoTimestamp } from "./timestamps.ts";

/** To the millisecond, so a list cursor's ISO 8601 time compares equal; read as ISO text. */
const isoTimestamptz = customType<{ data: string; driverData: string }>({
  dataType: () => "timestamp (3) with time zone",
  fromDriver: isoTimestamp,
});
const taskTimestamp = (name: string) => isoTimestamptz(name).notNull().default(sql`now()`);

/** Priorities in order of importance: the enum sorts by this order, never alphabetically. */
export const taskPriority = pgEnum("task_priority", ["none", "low", "medium", "high"]);

export const task = pgTable(
  "task",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    title: text("title").notNull(),
    description: text("description"),
    completed: boolean("completed").notNull().default(false),
    /** A calendar date (SPEC R-K13), read as its `YYYY-MM-DD` text. */
    dueDate: date("due_date", { mode: "string" }),
    priority: taskPriority("priority").notNull().default("none"),
    /** The tag names as first spelled, in order: a copy of task_tag for reading (decision 019). */
    tags: text("tags").array().notNull().default(sql`'{}'::text[]`),
    /** `foldText` (R-A11) of the text, which searches compare; null until folded (text-keys.ts). */
    titleKey: text("title_key"),
    descriptionKey: text("description_key"),
    tagKeys: text("tag_keys").array(),
    /** The task's ETag (R-K17). */
    version: integer("version").notNull().default(1),
    createdAt: taskTimestamp("created_at"),
    updatedAt: taskTimestamp("updated_at"),
  },
  (table) => {
    // Undated tasks sort last in both orders: each direction has its index.
    const orders = {
      created: [table.createdAt, table.id],
      updated: [table.updatedAt, table.id],
      title: [table.title, table.id],
      due_up: [sql`coalesce(${table.dueDate}, 'infinity'::date)`, table.createdAt, table.id],
      due_down: [sql`coalesce(${table.dueDate}, '-infinity'::date)`, table.createdAt, table.id],
      priority: [table.priority, table.createdAt, table.id],
    };
    return [
      // One index per list order and its twin for the status filters: every list query is a range scan.
      ...Object.entries(orders).flatMap(([order, columns]) => [
        index(`task_user_${order}_idx`).on(table.userId, ...columns),
        index(`task_user_status_${order}_idx`).on(table.userId, table.completed, ...columns),
      ]),
      // The target of task_tag's foreign key: a task carries only its owner's tags.
      unique("task_id_user_unique").on(table.id, table.userId),
      check("task_title_length", sql`char_length(${table.title}) between 1 and 200`),
      check(
        "task_description_length",
        sql`${table.description} is null or char_length(${table.description}) <= 1000`,
      ),
      check(
        "task_due_date_range",
        sql`${table.dueDate} is null or ${table.dueDate} between '0001-01-01' and '9999-12-31'`,
      ),
      check("task_tags_count", sql`cardinality(${table.tags}) <= 10`),
      check("task_version_positive", sql`${table.version} >= 1`),
    ];
  },
);

/**
 * A task's own fields, as the API answers them and "Download my data" gives them: not its
 * owner, nor the folded keys searches compare (`titleKey`, `descriptionKey`, `tagKeys`).
 */
export const taskOwnColumns = {
  id: task.id,
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

/** A person's tags (R-K15), compared by their folding (R-A11); kept when unused, with their first spelling (decision 019). */
export const tag = pgTable(
  "tag",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    userId: ownerId(),
    name: text("name").notNull(),
    /** `foldText(name)`, written with the name; null until the migration step folds it. */
    key: text("key"),
  },
  (table) => [
    uniqueIndex("tag_user_key_idx").on(table.userId, table.key),
    unique("tag_id_user_unique").on(table.id, table.userId),
    check(
      "tag_name_rules",
      sql`char_length(${table.name}) between 1 and 32 and strpos(${table.name}, chr(59)) = 0`,
    ),
  ],
);

/** Which task carries which tag; both foreign keys include the person, so only its own. */
export const taskTag = pgTable(
  "task_tag",
  {
    taskId: uuid("task_id").notNull(),
    tagId: uuid("tag_id").notNull(),
    userId: text("user_id").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.taskId, table.tagId] }),
    foreignKey({
      columns: [table.taskId, table.userId],
      foreignColumns: [task.id, task.userId],
    }).onDelete("cascade"),
    foreignKey({
      columns: [table.tagId, table.userId],
      foreignColumns: [tag.id, tag.userId],
    }).onDelete("cascade"),
    index("task_tag_user_tag_idx").on(table.userId, table.tagId, table.taskId),
  ],
);

/** Answers to `POST /api/{user_id}/tasks` with an `Idempotency-Key` (R-K18), replayed for 24 hours. */
export const idempotencyKey = pgTable(
  "idempotency_key",
  {
    userId: ownerId(),
    key: text("key").notNull(),
    fingerprint: text("fingerprint").notNull(),
    status: smallint("status"),
    location: text("location"),
    etag: text("etag"),
    body: text("body"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.key] }),
    index("idempotency_key_created_idx").on(table.createdAt),
    check("idempotency_key_length", sql`char_length(${table.key}) between 1 and 255`),
  ],
);
