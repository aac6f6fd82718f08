/** GET /api/{user_id}/tags (SPEC R-K15), declared once; the document is generated from it. */
import { createRoute } from "@hono/zod-openapi";
import { noQuerySchema, tagListSchema } from "@tasks/contracts";
import { authProblems, json, problems } from "../../docs/responses.ts";
import { userIdParameter } from "../tasks/route-parts.ts";

export const listTags = createRoute({
  method: "get",
  path: "/",
  operationId: "listTags",
  tags: ["Tags"],
  summary: "List your tags",
  description:
    "Every tag at least one of your tasks carries, as you first spelled it, with how many tasks carry it; A to Z ignoring letter case. Nobody else's tags, ever.",
  parameters: [userIdParameter],
  request: { query: noQuerySchema },
  responses: {
    200: json(tagListSchema, "Your tags and their counts."),
    ...problems("validation", ...authProblems),
  },
});
