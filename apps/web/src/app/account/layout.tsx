import type { ReactNode } from "react";
import { SignedInLayout } from "@/features/auth/signed-in-layout";

export const dynamic = "force-dynamic";

export default function AccountLayout({ children }: { children: ReactNode }) {
  return <SignedInLayout returnPath="/account">{children}</SignedInLayout>;
}
