/**
 * The list's filters and orders (SPEC R-K16) restated over tasks in memory, for the
 * property tests: what a query must answer, computed without the database.
 */
import {
  defaultOrder,
  foldText,
  type SortOrder,
  searchTerms,
  type Task,
  type TaskPriority,
  type TaskSort,
  taskPriorities,
} from "@tasks/contracts";
import fc from "fast-check";

export interface ListQuery {
  status?: "all" | "pending" | "completed";
  q?: string;
  tag?: string;
  priority?: TaskPriority;
  dueFrom?: string;
  dueTo?: string;
  due?: "none" | "any";
  sort?: TaskSort;
  order?: SortOrder;
  /** The query string, and the same without sort and order (for the counts). */
  text: string;
  filtersText: string;
}

/** Random list queries whose filters draw on the given tag names, words and dates. */
export function listQuery(
  tags: string[],
  words: string[],
  dates: (string | null)[],
): fc.Arbitrary<ListQuery> {
  const day = fc.constantFrom(...dates.filter((d): d is string => d !== null));
  // Each filter now and then, so that most lists still hold something.
  const sometimes = <T>(arbitrary: fc.Arbitrary<T>) =>
    fc.oneof({ weight: 3, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary });
  return fc
    .record({
      status: sometimes(fc.constantFrom("all" as const, "pending" as const, "completed" as const)),
      q: sometimes(
        fc.subarray(words, { minLength: 1, maxLength: 2 }).map((w) => w.join(" ").toUpperCase()),
      ),
      tag: fc.option(fc.constantFrom(...tags, "nothing"), { nil: undefined }),
      priority: sometimes(fc.constantFrom(...taskPriorities)),
      range: sometimes(fc.tuple(fc.option(day), fc.option(day))),
      due: sometimes(fc.constantFrom("none" as const, "any" as const)),
      sort: fc.option(fc.constantFrom<TaskSort>("created", "updated", "title", "due", "priority"), {
        nil: undefined,
      }),
      order: fc.option(fc.constantFrom<SortOrder>("asc", "desc"), { nil: undefined }),
    })
    .map(({ range, ...rest }) => {
      const [from, to] = [...(range ?? [null, null])].sort((a, b) =>
        (a ?? "") < (b ?? "") ? -1 : 1,
      );
      const query: Omit<ListQuery, "text" | "filtersText"> = {
        ...rest,
        ...(from ? { dueFrom: from } : {}),
        ...(to ? { dueTo: to } : {}),
      };
      const encode = (keys: string[]) =>
        Object.entries(query)
          .filter(([key, value]) => keys.includes(key) && value !== undefined)
          .map(([key, value]) => `${key}=${encodeURIComponent(String(value))}`)
          .join("&");
      const filters = ["status", "q", "tag", "priority", "dueFrom", "dueTo", "due"];
      return {
        ...query,
        text: encode([...filters, "sort", "order"]),
        filtersText: encode(filters),
      };
    });
}

/** Whether the folded title or description holds the folded word `key` (SPEC R-A11). */
const contains = (task: Task, key: string) =>
  [task.title, task.description ?? ""].some((part) => foldText(part).includes(key));

/** Whether `task` passes every filter of `query` (they combine with AND). */
export const filterModel =
  (query: Omit<ListQuery, "text" | "filtersText">) =>
  (task: Task): boolean => {
    const { status, q, tag, priority, dueFrom, dueTo, due } = query;
    if (status && status !== "all" && task.completed !== (status === "completed")) return false;
    if (q && !searchTerms(q).keys.every((key) => contains(task, key))) return false;
    if (tag && !task.tags.some((name) => foldText(name) === foldText(tag))) return false;
    if (priority && task.priority !== priority) return false;
    if (due === "none" && task.dueDate !== null) return false;
    if ((due === "any" || dueFrom || dueTo) && task.dueDate === null) return false;
    if (dueFrom && (task.dueDate ?? "") < dueFrom) return false;
    if (dueTo && (task.dueDate ?? "") > dueTo) return false;
    return true;
  };

/** `tasks` in the order `query` asks for: its key, creation time for due and priority, id. */
export function sortModel(tasks: Task[], query: Pick<ListQuery, "sort" | "order">): Task[] {
  const sort = query.sort ?? "created";
  const order = query.order ?? defaultOrder(sort);
  const sign = order === "asc" ? 1 : -1;
  const key = (task: Task): (string | number)[] => {
    if (sort === "created") return [task.createdAt];
    if (sort === "updated") return [task.updatedAt];
    if (sort === "title") return [task.title];
    if (sort === "priority") return [taskPriorities.indexOf(task.priority), task.createdAt];
    // Undated last in both orders: past every date going up, before every date going down.
    const undated = order === "asc" ? "\uffff" : "";
    return [task.dueDate ?? undated, task.createdAt];
  };
  return [...tasks].sort((a, b) => {
    const [x, y] = [
      [...key(a), a.id],
      [...key(b), b.id],
    ];
    for (let i = 0; i < x.length; i++) {
      const [p, r] = [x[i] as string | number, y[i] as string | number];
      if (p !== r) return sign * (p < r ? -1 : 1);
    }
    return 0;
  });
}
