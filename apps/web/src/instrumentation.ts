/**
 * Runs once when the web server starts (Next.js's instrumentation hook): housekeeping
 * rounds in the background (SPEC R-S10). Node.js only; Next.js sets NEXT_RUNTIME.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startHousekeeping } = await import("./server/housekeeping");
  startHousekeeping();
}
