import type { ReactNode } from "react";
import { SessionProvider } from "@/components/session-provider";
import { SignedInHeader } from "@/components/signed-in-header";
import { webConfig } from "@/env";
import { requireSession } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession("/dashboard");
  return (
    <SessionProvider
      user={{ id: user.id, name: user.name, email: user.email }}
      apiUrl={webConfig().apiUrl}
    >
      <SignedInHeader user={user} />
      {children}
    </SessionProvider>
  );
}
