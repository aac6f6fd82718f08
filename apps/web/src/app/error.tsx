"use client";

/** The outage page (R-O3); `retry` asks the server again, `reset` would only re-render. */
export default function ErrorPage({ retry }: { error: Error; retry: () => void }) {
  return (
    <main className="form-page gap-4">
      <title>Service unavailable · Tasks</title>
      <h1 className="text-2xl font-bold">Something went wrong</h1>
      <p role="alert">The service is temporarily unavailable. Please try again in a moment.</p>
      <button type="button" className="button-primary self-start" onClick={retry}>
        Try again
      </button>
    </main>
  );
}
