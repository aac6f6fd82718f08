import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { dashboardHref, localDate, readDashboardState } from "@/features/tasks/dashboard-view";
import { TaskDashboard } from "@/features/tasks/task-dashboard";
import { prefetchDashboard } from "@/server/dashboard-data";
import { requireSession } from "@/server/session";

export const metadata: Metadata = { title: "Your tasks" };

/** Links from before the views took the API's word: `?filter=active` is `?status=pending`. */
const legacyViews: Record<string, string> = { active: "pending", completed: "completed" };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

/** The dashboard (SPEC R-P7), "today" by the server until the browser's (R-P6, decision 026). */
export default async function DashboardPage({ searchParams }: Props) {
  const query = await searchParams;
  if (query.filter !== undefined) {
    const status = legacyViews[String(query.filter)];
    redirect(dashboardHref(readDashboardState({ ...query, status })));
  }
  const { user } = await requireSession("/dashboard");
  const state = readDashboardState(query);
  const today = localDate();
  return (
    // No Suspense boundary: the page is rendered per request, so useSearchParams needs none, and
    // one let the dashboard's client code arrive after the shell, hidden until a script showed it.
    <HydrationBoundary state={await prefetchDashboard(user.id, state, today)}>
      <TaskDashboard initialToday={today} />
    </HydrationBoundary>
  );
}
