import { getIP } from "better-auth/api";
import { accountData } from "@/server/account-data";
import { auth } from "@/server/auth";
import { failureResponse } from "@/server/failure-response";
import { otherMethods } from "@/server/route-methods";

export const dynamic = "force-dynamic";

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET /api/account/data (SPEC R-S9): 401 without a session, 503 while the database is down
 * (R-O3). Failures are logged here without the query's parameters (the session token).
 */
export const GET = (request: Request) => answer(request, { body: true });

/** HEAD: GET's status and headers, without reading the data or logging a download (R-M9). */
export const HEAD = (request: Request) => answer(request, { body: false });

async function answer(request: Request, options: { body: boolean }): Promise<Response> {
  try {
    return await download(request, options);
  } catch (error) {
    const unavailable = "Your data cannot be read right now. Please try again in a moment.";
    const answer = failureResponse(error, { event: "account.data_failed" }, unavailable);
    answer.headers.set("cache-control", "no-store");
    return answer;
  }
}

async function download(request: Request, options: { body: boolean }): Promise<Response> {
  const session = await auth().api.getSession({ headers: request.headers });
  if (!session) {
    return Response.json(
      { code: "UNAUTHORIZED", message: "Sign in to download your data." },
      { status: 401, headers: NO_STORE },
    );
  }
  const data = options.body
    ? await accountData(session.user, session.session.id, {
        ipAddress: getIP(request.headers, auth().options),
        userAgent: request.headers.get("user-agent"),
      })
    : null;
  const day = (data?.exportedAt ?? new Date().toISOString()).slice(0, 10);
  return new Response(data && JSON.stringify(data, null, 2), {
    headers: {
      ...NO_STORE,
      "content-type": "application/json; charset=utf-8",
      "content-disposition": `attachment; filename="tasks-my-data-${day}.json"`,
    },
  });
}

export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["GET"]);
