/** Routers whose routes are their own documentation (DESIGN.md, "Growing it"): @hono/zod-openapi. */
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { AppEnv } from "./env.ts";
import { ApiError } from "./problem.ts";
import { validationHook } from "./validation.ts";

export const createRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: validationHook });

type WithoutBody<R extends RouteConfig> = Omit<R, "request" | "hide"> & {
  request: Omit<NonNullable<R["request"]>, "body">;
  hide: true;
};

/** Documents a route's body and returns the route without it: the import reads JSON or CSV itself. */
export function documentBody<R extends RouteConfig>(
  router: OpenAPIHono<AppEnv>,
  route: R,
): WithoutBody<R> {
  router.openAPIRegistry.registerPath(route);
  const { body: _validatedByHandler, ...request } = route.request ?? {};
  return { ...route, request, hide: true } as WithoutBody<R>;
}

/** After a path's routes: other methods get 405 with `Allow` (R-O9; RFC 9110 §10.2.1). */
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
