/**
 * The dashboard's queries, one definition each for the server (which renders the first
 * page, SPEC R-P7) and the browser (which takes over): same keys, same fetches.
 */
import { infiniteQueryOptions, queryOptions } from "@tanstack/react-query";
import type { CountTasksParams, ListTasksParams } from "@tasks/contracts";
import type { TasksApi } from "@/lib/api-client";
import { countRequests, type DashboardState, listParams } from "@/lib/dashboard-view";
import { taskKeys } from "./task-cache";

/** A list's pages, newest page last, each asking for the one after the page before. */
export const listQuery = (api: TasksApi, params: ListTasksParams) =>
  infiniteQueryOptions({
    queryKey: taskKeys.list(params),
    queryFn: ({ pageParam }) => api.list({ ...params, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });

export const countsQuery = (api: TasksApi, params: CountTasksParams) =>
  queryOptions({ queryKey: taskKeys.countsOf(params), queryFn: () => api.counts(params) });

export const tagsQuery = (api: TasksApi) =>
  queryOptions({ queryKey: taskKeys.tags, queryFn: () => api.tags() });

/** The distinct counts requests behind the views' numbers on the day `today`. */
export function viewCountParams(today: string): CountTasksParams[] {
  const distinct = new Map<string, CountTasksParams>();
  for (const { params } of Object.values(countRequests(today))) {
    distinct.set(JSON.stringify(params), params);
  }
  return [...distinct.values()];
}

/** Every query the dashboard shows for `state` on the day `today`. */
export function dashboardQueries(api: TasksApi, state: DashboardState, today: string) {
  return {
    list: listQuery(api, listParams(state, today)),
    counts: viewCountParams(today).map((params) => countsQuery(api, params)),
    tags: tagsQuery(api),
  };
}
