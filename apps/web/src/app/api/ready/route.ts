import { databaseAnswers } from "@/server/database-status";

export const dynamic = "force-dynamic";

/** Readiness: the database answers. */
export async function GET() {
  if (await databaseAnswers()) {
    return Response.json({ status: "ready" }, { headers: { "cache-control": "no-store" } });
  }
  return Response.json(
    { status: "unavailable", message: "The database cannot be reached." },
    { status: 503, headers: { "cache-control": "no-store", "retry-after": "5" } },
  );
}
