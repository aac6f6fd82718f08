import type { ReactNode } from "react";
import { webConfig } from "@/env";
import { requireSession } from "@/server/session";
import { SessionProvider } from "./session-provider";
import { SignedInHeader } from "./signed-in-header";

interface Props {
  /** Where sign-in sends the person back to when they have no session (SPEC R-P3). */
  returnPath: string;
  children: ReactNode;
}

/** Every signed-in page's frame (Server Component): the session or sign-in, and the header. */
export async function SignedInLayout({ returnPath, children }: Props) {
  const { user } = await requireSession(returnPath);
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
