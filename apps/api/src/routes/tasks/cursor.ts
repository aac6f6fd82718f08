/** List cursors: the position after a page, bound to its order and filters; opaque, read strictly. */
import { createHash } from "node:crypto";
import {
  isCalendarDate,
  type SortOrder,
  type TaskFilters,
  type TaskSort,
  type TaskStatus,
  taskPriorities,
  taskSorts,
  taskStatuses,
} from "@tasks/contracts";
import { z } from "zod";
import { invalid } from "../../http/problem.ts";

export interface ListPosition {
  /** The sort value (`infinity`/`-infinity` for an undated task, as the order places it). */
  value: string;
  created?: string;
  id: string;
}

export interface CursorScope {
  sort: TaskSort;
  order: SortOrder;
  filters: TaskFilters;
}

/** Sorts whose ties are broken by creation time before the id. */
export const sortsByCreatedToo = (sort: TaskSort) => sort === "due" || sort === "priority";

const cursorSchema = z.strictObject({
  s: z.enum(taskSorts),
  o: z.enum(["asc", "desc"]),
  f: z.enum(taskStatuses),
  x: z.string().max(64),
  v: z.string().max(1000),
  c: z.iso.datetime().optional(),
  i: z.uuid(),
});

/** The filters other than status, as a short digest: a cursor is only good for its own list. */
function filterDigest({ status: _status, ...rest }: TaskFilters): string {
  const entries = Object.entries(rest).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return "";
  entries.sort(([a], [b]) => (a < b ? -1 : 1));
  return createHash("sha256").update(JSON.stringify(entries)).digest("base64url").slice(0, 16);
}

const validValue: Record<TaskSort, (value: string) => boolean> = {
  created: (value) => z.iso.datetime().safeParse(value).success,
  updated: (value) => z.iso.datetime().safeParse(value).success,
  title: () => true,
  due: (value) => value === "infinity" || value === "-infinity" || isCalendarDate(value),
  priority: (value) => (taskPriorities as readonly string[]).includes(value),
};

/** The opaque cursor (base64url JSON) for the position after `position` in the list `scope`. */
export function encodeCursor(scope: CursorScope, position: ListPosition): string {
  const body = {
    s: scope.sort,
    o: scope.order,
    f: scope.filters.status satisfies TaskStatus,
    x: filterDigest(scope.filters),
    v: position.value,
    ...(position.created === undefined ? {} : { c: position.created }),
    i: position.id,
  };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

/** The position a cursor holds; 400 naming `cursor` for one not from this list. */
export function decodeCursor(cursor: string, scope: CursorScope): ListPosition {
  const forged = () => invalid("cursor", "Cursor is not one this API returned");
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw forged();
  }
  if (
    parsed.s !== scope.sort ||
    parsed.o !== scope.order ||
    parsed.f !== scope.filters.status ||
    parsed.x !== filterDigest(scope.filters)
  ) {
    throw invalid("cursor", "Cursor belongs to a list with another sort, order or filter");
  }
  if (!validValue[parsed.s](parsed.v)) throw forged();
  if (sortsByCreatedToo(parsed.s) !== (parsed.c !== undefined)) throw forged();
  return { value: parsed.v, created: parsed.c, id: parsed.i };
}
