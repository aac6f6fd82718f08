/** The dashboard's queries, the same on the server (first page, SPEC R-P7) and in the browser. */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CountTasksParams, ListTasksParams, TasksApi } from "./api-client";
import { type DashboardState, dateRanges, listParams } from "./dashboard-view";
import { taskKeys } from "./task-cache";

export const listQuery = (api: TasksApi, params: ListTasksParams) =>
  infiniteQueryOptions({
    queryKey: taskKeys.list(params),
    queryFn: ({ pageParam, signal }) => api.list({ ...params, cursor: pageParam }, signal),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

/** Tasks by completion for `params`: a view's count (R-P6). */
export const countsQuery = (api: TasksApi, params: CountTasksParams) =>
  queryOptions({
    queryKey: taskKeys.countsOf(params),
    queryFn: ({ signal }) => api.counts(params, signal),
  });

/** The person's tags with their counts (R-K15). */
export const tagsQuery = (api: TasksApi) =>
  queryOptions({ queryKey: taskKeys.tags, queryFn: ({ signal }) => api.tags(signal) });

/** Every query the dashboard shows for `state` on the day `today`. */
export function dashboardQueries(api: TasksApi, state: DashboardState, today: string) {
  return {
    list: listQuery(api, listParams(state, today)),
    counts: Object.values(dateRanges(today)).map((range) => countsQuery(api, range)),
    tags: tagsQuery(api),
  };
}
