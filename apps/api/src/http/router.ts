/**
 * Routers whose routes are their own documentation (DESIGN.md, "Growing it"): each route
 * is declared once with createRoute() and the contracts' zod schemas; @hono/zod-openapi
 * validates its path and query parameters from the declaration (failures go through the
 * shared validationHook) and the OpenAPI document is generated from the declarations.
 */
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./problem.ts";
import { validationHook } from "./validation.ts";

/** A router for one resource, with the shared validation hook. */
export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

type WithoutBody<R extends RouteConfig> = Omit<R, "request" | "hide"> & {
  request: Omit<NonNullable<R["request"]>, "body">;
  hide: true;
};

/**
 * For a route that declares a JSON body: puts the whole declaration in the router's
 * document, and returns it without the body for `router.openapi()`, so that zod-openapi
 * validates only the parameters and the handler reads the body with readBody(). Its body
 * validator would answer an empty optional body, a non-JSON type with an empty body and
 * invalid JSON differently from what the API promises (validation.ts).
 */
export function documentBody<R extends RouteConfig>(
  router: OpenAPIHono<AppEnv>,
  route: R,
): WithoutBody<R> {
  router.openAPIRegistry.registerPath(route);
  const { body: _validatedByHandler, ...request } = route.request ?? {};
  return { ...route, request, hide: true } as WithoutBody<R>;
}

/**
 * Registered after a path's routes: any other method gets 405 with `Allow` naming the
 * methods declared for the path so far, HEAD with GET, and OPTIONS, which CORS answers
 * for every path (R-O9; RFC 9110 §10.2.1). Register it before a later, wider pattern
 * (`/counts` before `/:id`) or that pattern's routes would answer first.
 */
export function refuseOtherMethods(router: Hono<AppEnv>, path: string): void {
  const allowed = [
    ...new Set(
      router.routes
        .filter((route) => route.path === path && route.method !== "ALL")
        .map((route) => route.method),
    ),
  ];
  const allow = [...allowed.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(
    ", ",
  );
  router.all(path, () => {
    throw new ApiError("method-not-allowed", "This method is not allowed here.", undefined, {
      allow,
    });
  });
}

/** Methods some resource answers; the others are "not implemented" (R-O9). */
export { IMPLEMENTED_METHODS } from "@tasks/service/http-server";
