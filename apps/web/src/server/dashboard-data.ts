import "server-only";
import { dehydrate, QueryClient } from "@tanstack/react-query";
import { describeError } from "@tasks/service/logger";
import { headers } from "next/headers";
import { webConfig } from "@/env";
import { createTasksApi } from "@/features/tasks/api-client";
import type { DashboardState } from "@/features/tasks/dashboard-view";
import { dashboardQueries } from "@/features/tasks/task-queries";
import { auth } from "./auth.ts";
import { logger } from "./logger.ts";

const WAIT_FOR_API_MS = 2_000;

/** The dashboard's first data from the API, dehydrated (SPEC R-P7); late or refused is left out. */
export async function prefetchDashboard(userId: string, state: DashboardState, today: string) {
  const client = new QueryClient();
  async function prefetch() {
    const { token } = await auth().api.getToken({ headers: await headers() });
    const api = createTasksApi({
      apiUrl: webConfig().apiUrl,
      userId,
      getToken: async () => token,
      renewToken: async () => token,
      onSessionExpired: () => {},
    });
    const queries = dashboardQueries(api, state, today);
    await Promise.all([
      client.prefetchInfiniteQuery(queries.list),
      ...queries.counts.map((query) => client.prefetchQuery(query)),
      client.prefetchQuery(queries.tags),
    ]);
  }
  let timer: NodeJS.Timeout | undefined;
  const waited = new Promise<"late">((resolve) => {
    timer = setTimeout(() => resolve("late"), WAIT_FOR_API_MS);
  });
  try {
    if ((await Promise.race([prefetch(), waited])) === "late") {
      logger().warn({ waitedMs: WAIT_FOR_API_MS }, "dashboard rendered before the API answered");
    }
  } catch (error) {
    logger().warn({ err: describeError(error) }, "dashboard rendered without its tasks");
  } finally {
    clearTimeout(timer);
  }
  const refused = client.getQueryCache().findAll({ predicate: (q) => q.state.status === "error" });
  for (const query of refused) {
    logger().warn(
      { err: describeError(query.state.error), query: query.queryKey[0] },
      "dashboard rendered without a part the API refused",
    );
  }
  return dehydrate(client);
}
