import Link from "next/link";
import { getSession } from "@/server/session";

export const dynamic = "force-dynamic";

export default async function HomePage() {
  const session = await getSession();
  return (
    <main className="text-page">
      <h1 className="text-4xl font-bold tracking-tight">Tasks</h1>
      <p className="text-lg text-slate-700 dark:text-slate-300">
        A private list of the things you need to do. Add them, tick them off, and nobody else ever
        sees them.
      </p>
      <div className="flex flex-wrap gap-3">
        {session ? (
          <Link className="button-primary" href="/dashboard">
            Open your tasks
          </Link>
        ) : (
          <>
            <Link className="button-primary" href="/signup">
              Create an account
            </Link>
            <Link className="button-secondary" href="/signin">
              Sign in
            </Link>
          </>
        )}
      </div>
    </main>
  );
}
