/**
 * List cursors: the position after the last task of a page (its sort value and id),
 * bound to the list's order and filter. Opaque to clients; checked strictly when read,
 * so nothing a client makes up can reach a query unvalidated.
 */
import {
  type SortOrder,
  type TaskSort,
  type TaskStatus,
  taskSorts,
  taskStatuses,
} from "@tasks/contracts";
import { z } from "zod";
import { invalid } from "../http/problem.ts";

export interface ListPosition {
  /** An ISO timestamp for the date orders, the title for the title order. */
  value: string;
  id: string;
}

interface CursorScope {
  sort: TaskSort;
  order: SortOrder;
  status: TaskStatus;
}

const cursorSchema = z.strictObject({
  s: z.enum(taskSorts),
  o: z.enum(["asc", "desc"]),
  f: z.enum(taskStatuses),
  v: z.string().max(1000),
  i: z.uuid(),
});

export function encodeCursor(scope: CursorScope, position: ListPosition): string {
  const body = {
    s: scope.sort,
    o: scope.order,
    f: scope.status,
    v: position.value,
    i: position.id,
  };
  return Buffer.from(JSON.stringify(body)).toString("base64url");
}

export function decodeCursor(cursor: string, scope: CursorScope): ListPosition {
  let parsed: z.infer<typeof cursorSchema>;
  try {
    parsed = cursorSchema.parse(JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")));
  } catch {
    throw invalid("cursor", "Cursor is not one this API returned");
  }
  if (parsed.s !== scope.sort || parsed.o !== scope.order || parsed.f !== scope.status) {
    throw invalid("cursor", "Cursor belongs to a list with another sort, order or status");
  }
  if (parsed.s !== "title" && !z.iso.datetime().safeParse(parsed.v).success) {
    throw invalid("cursor", "Cursor is not one this API returned");
  }
  return { value: parsed.v, id: parsed.i };
}
