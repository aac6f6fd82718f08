/** Pieces every task route declaration shares: the path's user id, headers, bodies. */
import { createRoute, type RouteConfig, z } from "@hono/zod-openapi";

/** Documented only: the auth middleware compares it with the token's subject (403). */
export const userIdParameter = {
  name: "user_id",
  in: "path",
  required: true,
  description: "The signed-in person's user id: the token's `sub`.",
  schema: { type: "string" },
} as const;

/** A route under /api/{user_id}/tasks: its group is Tasks and its one parameter the path's user id. */
export const taskRoute = <P extends string, R extends Omit<RouteConfig, "path"> & { path: P }>(
  route: R,
) => createRoute({ ...route, tags: ["Tasks"], parameters: [userIdParameter] });

export const bodyProblems = ["payload-too-large", "unsupported-media-type"] as const;

export const jsonBody = <S extends z.ZodType>(schema: S, required: boolean) => ({
  required,
  content: { "application/json": { schema } },
});

/** Header names are lower case here: that is how requests are read (RFC 9110 §5.1). */
export const ifMatchHeaders = z.object({
  "if-match": z.string().optional().meta({
    description:
      'Only if the task is still at this version: its ETag (`"3"`), a list of them, or `*`. Otherwise 412 and nothing changes (R-K17).',
  }),
});

export const etagHeader = z.object({
  ETag: z.string().meta({ description: 'The task\'s version in quotes (`"3"`), for `If-Match`.' }),
});
