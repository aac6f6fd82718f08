/** Starts housekeeping rounds (SPEC R-S10) once, on the Node.js runtime only. */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startHousekeeping } = await import("./server/housekeeping");
  startHousekeeping();
}
