import { HydrationBoundary } from "@tanstack/react-query";
import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
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

/**
 * The dashboard, its first page of tasks rendered here (SPEC R-P7) for the view in the
 * URL. "Today" is the server's date here; once hydrated, the browser counts from its own
 * (R-P6), and where the two calendars differ the date views are fetched again while the
 * rendered ones stay on screen (docs/decisions/026-dashboard.md).
 */
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
    <HydrationBoundary state={await prefetchDashboard(user.id, state, today)}>
      <Suspense>
        <TaskDashboard initialToday={today} />
      </Suspense>
    </HydrationBoundary>
  );
}
