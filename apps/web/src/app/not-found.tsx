import type { Metadata } from "next";
import Link from "next/link";
import { connection } from "next/server";

export const metadata: Metadata = { title: "Page not found" };

/**
 * Any address with no page (404). Rendered per request, as every page is: a page made at
 * build time carries no CSP nonce, so the policy blocked its scripts and styles (decision 011).
 */
export default async function NotFound() {
  await connection();
  return (
    <main className="text-page">
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="text-lg text-slate-700 dark:text-slate-300">
        There is nothing at this address.
      </p>
      <div>
        <Link className="button-primary" href="/">
          Go to the start page
        </Link>
      </div>
    </main>
  );
}
