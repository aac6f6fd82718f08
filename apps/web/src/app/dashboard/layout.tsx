import type { ReactNode } from "react";
import { SessionProvider } from "@/components/session-provider";
import { SignOutButton } from "@/components/sign-out-button";
import { webConfig } from "@/env";
import { requireSession } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const { user } = await requireSession("/dashboard");
  const shown = user.name || user.email;
  return (
    <SessionProvider
      user={{ id: user.id, name: user.name, email: user.email }}
      apiUrl={webConfig().apiUrl}
    >
      <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
        <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
          <a href="/dashboard" className="text-lg font-bold">
            Tasks
          </a>
          <div className="flex min-w-0 items-center gap-3">
            <span className="truncate text-slate-700 dark:text-slate-300" title={user.email}>
              Signed in as <strong>{shown}</strong>
            </span>
            <SignOutButton />
          </div>
        </div>
      </header>
      {children}
    </SessionProvider>
  );
}
