import { handleAuthRequest } from "@/server/auth-handler";

export const dynamic = "force-dynamic";

// Every method reaches the handler, which answers 404, 405 with Allow, or OPTIONS itself.
export const GET = handleAuthRequest;
export const POST = handleAuthRequest;
export const PUT = handleAuthRequest;
export const PATCH = handleAuthRequest;
export const DELETE = handleAuthRequest;
export const OPTIONS = handleAuthRequest;
