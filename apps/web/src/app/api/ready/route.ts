import { isShuttingDown } from "@tasks/service/shutdown";
import { retryAfterHeaders } from "@tasks/service/unavailable";
import { databaseAnswers } from "@/server/database-status";
import { otherMethods } from "@/server/route-methods";

export const dynamic = "force-dynamic";

/**
 * Readiness (SPEC R-O4, R-O11): the database answers and the instance is not stopping.
 * 503 with Retry-After otherwise, so a load balancer sends its requests elsewhere.
 */
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
