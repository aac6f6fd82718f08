/** /api/{user_id}/tasks: declarations in tasks.routes.ts and collection.routes.ts, handlers beside them. */
export { taskRoutes } from "./tasks.handlers.ts";
