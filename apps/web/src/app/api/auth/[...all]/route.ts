import { toNextJsHandler } from "better-auth/next-js";
import { auth } from "@/server/auth";
import { guardAuthRoute } from "@/server/auth-route";

export const dynamic = "force-dynamic";

/**
 * /api/auth/*: Better Auth's handler, mounted as its Next.js guide shows, behind a guard
 * that bounds the body and turns database outages into 503 (src/server/auth-route.ts).
 */
export const { GET, POST, PUT, PATCH, DELETE, OPTIONS } = guardAuthRoute(
  toNextJsHandler((request: Request) => auth().handler(request)),
  () => auth(),
);
