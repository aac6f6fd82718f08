/** /api/{user_id}/tags (SPEC R-K15). */
export { tagRoutes } from "./tags.handlers.ts";
