import { isShuttingDown } from "@tasks/service/shutdown";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { databaseAnswers } from "@/server/database-status";
import { otherMethods } from "@/server/route-methods";

export const dynamic = "force-dynamic";

/** Readiness (SPEC R-O4, R-O11): 503 with Retry-After unless the database answers. */
export async function GET() {
  const unavailable = (message: string) =>
    Response.json(
      { status: "unavailable", message },
      { status: 503, headers: { "cache-control": "no-store", ...retryAfterHeaders() } },
    );
  if (isShuttingDown()) return unavailable("This instance is shutting down.");
  if (!(await databaseAnswers())) return unavailable("The database cannot be reached.");
  return Response.json({ status: "ready" }, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
