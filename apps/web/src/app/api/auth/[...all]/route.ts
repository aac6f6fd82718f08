import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth";
import { guardAuthRoute } from "@/server/auth-route";

export const dynamic = "force-dynamic";

/** /api/auth/*: Better Auth's handler behind the guard in src/server/auth-route.ts. */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = guardAuthRoute(
  toNextJsHandler((request: Request) => auth().handler(request)),
  () => auth(),
);
