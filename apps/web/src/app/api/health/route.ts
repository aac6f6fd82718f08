import { otherMethods } from "@/server/route-methods";

export const dynamic = "force-dynamic";

/** Liveness (SPEC R-O4): the process answers. */
export function GET() {
  return Response.json({ status: "ok" }, { headers: { "cache-control": "no-store" } });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
