/** What the dashboard shows (R-P6), from its URL to API parameters (R-K16; decision 026). */
import {
  foldText,
  LIST_LIMIT_DEFAULT,
  searchRules,
  searchTerms,
  type TaskSort,
  type TaskStatus,
  tagNameRules,
  taskSorts,
  trimmedText,
} from "@tasks/contracts/limits";
import type { CountTasksParams, ListTasksParams, Task } from "./api-client";

/** The due-date ranges the views are made of, on the day `today` (inclusive dates). */
export function dateRanges(today: string) {
  return {
    any: {},
    today: { dueFrom: today, dueTo: today },
    upcoming: { dueFrom: addDays(today, 1), dueTo: addDays(today, 7) },
    overdue: { dueTo: addDays(today, -1) },
  } satisfies Record<string, CountTasksParams>;
}

type DateRange = keyof ReturnType<typeof dateRanges>;

/** Each view: a status and a due-date range, both in the API's words (R-K16). */
export const dashboardViews = [
  {
    id: "all",
    label: "All",
    status: "all",
    range: "any",
    empty: "No tasks yet. Add your first one above.",
  },
  {
    id: "pending",
    label: "Pending",
    status: "pending",
    range: "any",
    empty: "Nothing left to do.",
  },
  { id: "today", label: "Today", status: "pending", range: "today", empty: "Nothing due today." },
  {
    id: "upcoming",
    label: "Upcoming",
    status: "pending",
    range: "upcoming",
    empty: "Nothing due in the next 7 days.",
  },
  {
    id: "overdue",
    label: "Overdue",
    status: "pending",
    range: "overdue",
    empty: "Nothing overdue.",
  },
  {
    id: "completed",
    label: "Completed",
    status: "completed",
    range: "any",
    empty: "No completed tasks yet.",
  },
] as const satisfies readonly {
  id: string;
  label: string;
  status: TaskStatus;
  range: DateRange;
  empty: string;
}[];

export type DashboardView = (typeof dashboardViews)[number];
export type DashboardViewId = DashboardView["id"];

/** The sort menu, in the API's words; the first is the API's default. */
export const sortChoices: { sort: TaskSort; label: string }[] = [
  { sort: "created", label: "Newest first" },
  { sort: "due", label: "Due date" },
  { sort: "priority", label: "Priority" },
  { sort: "title", label: "Title (A–Z)" },
  { sort: "updated", label: "Recently changed" },
];

/** What the URL asks the dashboard for: the view (as `status`), `q`, `tag` and `sort`. */
export interface DashboardState {
  view: DashboardViewId;
  q: string;
  tag: string;
  sort: TaskSort;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function first(params: Params, name: string): string {
  const value = params instanceof URLSearchParams ? params.get(name) : params[name];
  return (Array.isArray(value) ? value[0] : value) ?? "";
}

const tagRules = tagNameRules();

/** The dashboard state a URL's query names; what the API would refuse (R-K16) is the default. */
export function readDashboardState(params: Params): DashboardState {
  const view = first(params, "status");
  const sort = first(params, "sort");
  return {
    view: dashboardViews.find((v) => v.id === view)?.id ?? "all",
    q: trimmedText(first(params, "q"), searchRules) ?? "",
    tag: trimmedText(first(params, "tag"), tagRules) ?? "",
    sort: taskSorts.find((s) => s === sort) ?? "created",
  };
}

/** The dashboard's URL for `state` (defaults left out, so the plain URL stays plain). */
export function dashboardHref(state: DashboardState): string {
  const query = new URLSearchParams();
  if (state.view !== "all") query.set("status", state.view);
  if (state.q) query.set("q", state.q);
  if (state.tag) query.set("tag", state.tag);
  if (state.sort !== "created") query.set("sort", state.sort);
  return query.size ? `/dashboard?${query}` : "/dashboard";
}

const DATE_PARTS = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date `YYYY-MM-DD` of `instant` in this runtime's time zone. */
export function localDate(instant = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${instant.getFullYear()}-${pad(instant.getMonth() + 1)}-${pad(instant.getDate())}`;
}

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
export function addDays(date: string, days: number): string {
  const [, y, m, d] = DATE_PARTS.exec(date) ?? [];
  const moved = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d) + days));
  return moved.toISOString().slice(0, 10);
}

/** The filters a view stands for, on the day `today`. */
export function viewFilters(view: DashboardViewId, today: string): CountTasksParams {
  const { status, range } = dashboardViews.find((v) => v.id === view) ?? dashboardViews[0];
  return { status, ...dateRanges(today)[range] };
}

/** The first page's list parameters for `state` on the day `today`. */
export function listParams(state: DashboardState, today: string): ListTasksParams {
  return {
    ...viewFilters(state.view, today),
    ...(state.q ? { q: state.q } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    sort: state.sort,
    limit: LIST_LIMIT_DEFAULT,
  };
}

/** Whether the `params` list holds `task`, as the API decides it (R-K16, R-A11). */
export function matchesFilters(task: Task, params: CountTasksParams): boolean {
  const { status = "all", q, tag, priority, dueFrom, dueTo, due } = params;
  if (status !== "all" && (status === "completed") !== task.completed) return false;
  if (priority && task.priority !== priority) return false;
  if (tag && !task.tags.some((t) => foldText(t) === foldText(tag.trim()))) return false;
  if (due === "none" && task.dueDate !== null) return false;
  if ((due === "any" || dueFrom || dueTo) && task.dueDate === null) return false;
  if (dueFrom && task.dueDate && task.dueDate < dueFrom) return false;
  if (dueTo && task.dueDate && task.dueDate > dueTo) return false;
  if (q) {
    const text = [foldText(task.title), foldText(task.description ?? "")];
    const { keys } = searchTerms(q.trim());
    if (!keys.every((key) => text.some((part) => part.includes(key)))) return false;
  }
  return true;
}

/** Whether `task` is past its due date on the day `today` and still to do. */
export const isOverdue = (task: Task, today: string): boolean =>
  !task.completed && task.dueDate !== null && task.dueDate < today;
