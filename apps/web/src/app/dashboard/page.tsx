import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Suspense } from "react";
import { TaskDashboard } from "@/components/task-dashboard";

export const metadata: Metadata = { title: "Your tasks" };

/** Links from before the views took the API's word: `?filter=active` is `?status=pending`. */
const legacyViews: Record<string, string> = {
  active: "/dashboard?status=pending",
  completed: "/dashboard?status=completed",
};

interface Props {
  searchParams: Promise<{ filter?: string | string[] }>;
}

export default async function DashboardPage({ searchParams }: Props) {
  const { filter } = await searchParams;
  if (filter !== undefined) redirect(legacyViews[String(filter)] ?? "/dashboard");
  return (
    <Suspense>
      <TaskDashboard />
    </Suspense>
  );
}
