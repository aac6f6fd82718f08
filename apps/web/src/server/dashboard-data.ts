import "server-only";
import { dehydrate, QueryClient } from "@tanstack/react-query";
import { describeError } from "@tasks/service/logger";
import { headers } from "next/headers";
import { dashboardQueries } from "@/components/task-queries";
import { webConfig } from "@/env";
import { createTasksApi } from "@/lib/api-client";
import type { DashboardState } from "@/lib/dashboard-view";
import { auth } from "./auth.ts";
import { logger } from "./logger.ts";

/** How long the page waits for the API before it is sent without the tasks. */
const WAIT_FOR_API_MS = 2_000;

/**
 * The dashboard's first page of tasks, its counts and tags, fetched on the server from
 * the API with a token minted here for the session (SPEC R-P7; DESIGN "Pages"), as
 * TanStack Query's dehydrated state. What the API does not answer within 2 s, or refuses,
 * is left out: the browser then fetches it as usual.
 */
export async function prefetchDashboard(userId: string, state: DashboardState, today: string) {
  const client = new QueryClient();
  try {
    const { token } = await auth().api.getToken({ headers: await headers() });
    const api = createTasksApi({
      apiUrl: webConfig().apiUrl,
      userId,
      getToken: async () => token,
      renewToken: async () => token,
      onSessionExpired: () => {},
    });
    const queries = dashboardQueries(api, state, today);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([
        client.prefetchInfiniteQuery(queries.list),
        ...queries.counts.map((query) => client.prefetchQuery(query)),
        client.prefetchQuery(queries.tags),
      ]),
      new Promise((resolve) => {
        timer = setTimeout(resolve, WAIT_FOR_API_MS);
      }),
    ]);
    clearTimeout(timer);
  } catch (error) {
    logger().warn({ err: describeError(error) }, "dashboard rendered without its tasks");
  }
  return dehydrate(client);
}
