/**
 * What the dashboard shows (SPEC R-P6), read from its URL and turned into the API's list
 * and counts parameters (R-K16). Pure: the server renders the first page with the same
 * parameters the browser then asks for, so the page's data is the browser's cache entry.
 *
 * Views: All, Pending (not completed), Today (due today), Upcoming (due in the 7 days after today), Overdue (due
 * before today) and Completed. Today, Upcoming and Overdue hold only tasks still to do;
 * "today" is the browser's local calendar date (docs/decisions/026-dashboard.md).
 */
import {
  type CountTasksParams,
  type ListTasksParams,
  searchWords,
  type Task,
  type TaskSort,
  taskSorts,
} from "@tasks/contracts";

export const PAGE_SIZE = 50;

export const dashboardViews = [
  { id: "all", label: "All", empty: "No tasks yet. Add your first one above." },
  { id: "pending", label: "Pending", empty: "Nothing left to do." },
  { id: "today", label: "Today", empty: "Nothing due today." },
  { id: "upcoming", label: "Upcoming", empty: "Nothing due in the next 7 days." },
  { id: "overdue", label: "Overdue", empty: "Nothing overdue." },
  { id: "completed", label: "Completed", empty: "No completed tasks yet." },
] as const;

export type DashboardViewId = (typeof dashboardViews)[number]["id"];

/** The sort menu, in the API's words; the first is the API's default. */
export const sortChoices: { sort: TaskSort; label: string }[] = [
  { sort: "created", label: "Newest first" },
  { sort: "due", label: "Due date" },
  { sort: "priority", label: "Priority" },
  { sort: "title", label: "Title (A–Z)" },
  { sort: "updated", label: "Recently changed" },
];

/**
 * What the URL asks the dashboard for: the view as `status` (the API's status words, and
 * today, upcoming and overdue), `q`, `tag` and `sort`.
 */
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

/** The dashboard state a URL's query names; anything unknown falls back to the default. */
export function readDashboardState(params: Params): DashboardState {
  const view = first(params, "status");
  const sort = first(params, "sort");
  return {
    view: dashboardViews.find((v) => v.id === view)?.id ?? "all",
    q: first(params, "q").trim(),
    tag: first(params, "tag").trim(),
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

/** The calendar date `YYYY-MM-DD` of `instant` in this runtime's time zone (the browser's). */
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
  switch (view) {
    case "all":
      return { status: "all" };
    case "pending":
      return { status: "pending" };
    case "completed":
      return { status: "completed" };
    case "today":
      return { status: "pending", dueFrom: today, dueTo: today };
    case "upcoming":
      return { status: "pending", dueFrom: addDays(today, 1), dueTo: addDays(today, 7) };
    case "overdue":
      return { status: "pending", dueTo: addDays(today, -1) };
  }
}

/** The first page's list parameters for `state` on the day `today`. */
export function listParams(state: DashboardState, today: string): ListTasksParams {
  return {
    ...viewFilters(state.view, today),
    ...(state.q ? { q: state.q } : {}),
    ...(state.tag ? { tag: state.tag } : {}),
    sort: state.sort,
    limit: String(PAGE_SIZE),
  };
}

/**
 * The counts requests behind the views' numbers: one per date range, each read for the
 * status its views want (All, Pending and Completed share the first).
 */
export function countRequests(today: string) {
  const dates = (view: DashboardViewId): CountTasksParams => {
    const { status: _status, ...rest } = viewFilters(view, today);
    return rest;
  };
  return {
    all: { params: dates("all"), read: "all" },
    pending: { params: dates("all"), read: "pending" },
    today: { params: dates("today"), read: "pending" },
    upcoming: { params: dates("upcoming"), read: "pending" },
    overdue: { params: dates("overdue"), read: "pending" },
    completed: { params: dates("completed"), read: "completed" },
  } as const satisfies Record<DashboardViewId, unknown>;
}

/**
 * Whether `task` is one the list or counts with `params` hold, as the API decides it
 * (R-K16): used to place a change in the cached lists before the server answers.
 */
export function matchesFilters(task: Task, params: CountTasksParams): boolean {
  const { status = "all", q, tag, priority, dueFrom, dueTo, due } = params;
  if (status !== "all" && (status === "completed") !== task.completed) return false;
  if (priority && task.priority !== priority) return false;
  if (tag && !task.tags.some((t) => t.toLowerCase() === tag.trim().toLowerCase())) return false;
  if (due === "none" && task.dueDate !== null) return false;
  if ((due === "any" || dueFrom || dueTo) && task.dueDate === null) return false;
  if (dueFrom && task.dueDate && task.dueDate < dueFrom) return false;
  if (dueTo && task.dueDate && task.dueDate > dueTo) return false;
  if (q) {
    const text = `${task.title}\n${task.description ?? ""}`.toLowerCase();
    if (!searchWords(q.trim()).every((word) => text.includes(word.toLowerCase()))) return false;
  }
  return true;
}

/** Whether `task` is past its due date on the day `today` and still to do. */
export const isOverdue = (task: Task, today: string): boolean =>
  !task.completed && task.dueDate !== null && task.dueDate < today;
