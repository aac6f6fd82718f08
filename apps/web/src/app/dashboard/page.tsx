import type { Metadata } from "next";
import { Suspense } from "react";
import { TaskDashboard } from "@/components/task-dashboard";

export const metadata: Metadata = { title: "Your tasks" };

export default function DashboardPage() {
  return (
    <Suspense>
      <TaskDashboard />
    </Suspense>
  );
}
