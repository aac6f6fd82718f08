"use client";

/** Shown when a page cannot be served, for example while the database is unreachable. */
export default function ErrorPage({ reset }: { error: Error; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col justify-center gap-4 px-4">
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p role="alert">The service is temporarily unavailable. Please try again in a moment.</p>
      <button type="button" className="button-primary self-start" onClick={reset}>
        Try again
      </button>
    </main>
  );
}
