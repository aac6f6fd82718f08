import { accountData } from "@/server/account-data";
import { auth } from "@/server/auth";
import { otherMethods } from "@/server/route-methods";

export const dynamic = "force-dynamic";

/**
 * GET /api/account/data: "Download my data" (SPEC R-S9), a JSON file of the signed-in
 * person's profile, sessions (without tokens) and tasks. 401 without a session.
 */
export async function GET(request: Request): Promise<Response> {
  const session = await auth().api.getSession({ headers: request.headers });
  const headers = { "cache-control": "no-store" };
  if (!session) {
    return Response.json(
      { code: "UNAUTHORIZED", message: "Sign in to download your data." },
      { status: 401, headers },
    );
  }
  const data = await accountData(session.user, session.session.id);
  const day = data.exportedAt.slice(0, 10);
  return new Response(JSON.stringify(data, null, 2), {
    headers: {
      ...headers,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="tasks-my-data-${day}.json"`,
    },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
