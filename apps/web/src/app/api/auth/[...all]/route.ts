import { handleAuthRequest } from "@/server/auth-handler";
import { shareAuthHandler } from "@/server/auth-route";

// From now on, the custom server (server.ts) calls the handler without Next.js's routing.
shareAuthHandler(handleAuthRequest);

export const dynamic = "force-dynamic";

export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
