import type { ReactNode } from "react";
import { SignedInLayout } from "@/features/auth/signed-in-layout";

export const dynamic = "force-dynamic";

export default function DashboardLayout({ children }: { children: ReactNode }) {
  return <SignedInLayout returnPath="/dashboard">{children}</SignedInLayout>;
}
