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

/**
 * What every signed-in page sits in (a Server Component): the session, or a redirect to
 * sign in and back to `returnPath`; the person and the API's address for the browser's
 * code (SessionProvider); and the header.
 */
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
