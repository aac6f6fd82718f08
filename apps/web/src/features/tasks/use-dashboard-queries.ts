import { keepPreviousData, useInfiniteQuery, useQueries, useQuery } from "@tanstack/react-query";
import type { ListTasksParams, TasksApi } from "./api-client";
import { type DashboardView, dateRanges } from "./dashboard-view";
import { countsQuery, listQuery, tagsQuery } from "./task-queries";

/** The list parameters without their dates: what stays when only "today" moved. */
const undated = ({ dueFrom: _from, dueTo: _to, ...rest }: ListTasksParams) => JSON.stringify(rest);

/** The dashboard's list for `params`, its tags, and each view's count on the day `today`. */
export function useDashboardQueries(api: TasksApi, params: ListTasksParams, today: string) {
  // Fetched again at load, so the browser's own token is tried at once (R-P4).
  const list = useInfiniteQuery({
    ...listQuery(api, params),
    refetchOnMount: "always",
    placeholderData: (previous, previousQuery) =>
      previousQuery && undated(previousQuery.queryKey[1]) === undated(params)
        ? previous
        : undefined,
  });
  const tags = useQuery(tagsQuery(api));
  const ranges = dateRanges(today);
  const rangeNames = Object.keys(ranges) as (keyof typeof ranges)[];
  const counts = useQueries({
    queries: rangeNames.map((name) => ({
      ...countsQuery(api, ranges[name]),
      placeholderData: keepPreviousData,
    })),
  });
  const countOf = (view: DashboardView) =>
    counts[rangeNames.indexOf(view.range)]?.data?.[view.status];
  return { list, tags, countOf };
}
