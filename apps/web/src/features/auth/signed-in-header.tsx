import Link from "next/link";
import { SignOutButton } from "./sign-out-button";

interface Props {
  user: { name: string; email: string };
}

/** The header of every signed-in page (SPEC R-A10); inside SessionProvider. */
export function SignedInHeader({ user }: Props) {
  const shown = user.name || user.email;
  return (
    <header className="border-b border-slate-200 bg-white dark:border-slate-800 dark:bg-slate-900">
      <div className="mx-auto flex max-w-3xl flex-wrap items-center justify-between gap-3 px-4 py-3">
        <a href="/dashboard" className="text-lg font-bold">
          Tasks
        </a>
        <div className="flex min-w-0 flex-wrap items-center gap-3">
          <span className="truncate text-slate-700 dark:text-slate-300" title={user.email}>
            Signed in as <strong>{shown}</strong>
          </span>
          <Link href="/account" className="font-medium text-blue-700 underline dark:text-blue-300">
            Account
          </Link>
          <SignOutButton />
        </div>
      </div>
    </header>
  );
}
