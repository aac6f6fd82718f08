/**
 * The floor for the API's list: node:http and a pg pool, no framework, no auth, no
 * validation, no logging. It runs the very statement the API's listTasks builds for the
 * default list (same columns, WHERE, ORDER BY, LIMIT n + 1) and answers the same JSON
 * shape. PORT and DATABASE_URL come from the environment; DATABASE_POOL_MAX as the API's.
 */
import http from "node:http";
import pg from "pg";

interface Row {
  id: string;
  user_id: string;
  title: string;
  description: string | null;
  completed: boolean;
  due_date: string | null;
  priority: string;
  tags: string[];
  created_at: Date;
  updated_at: Date;
  version: number;
}

const LIST_SQL = `select "id", "user_id", "title", "description", "completed", "due_date", "priority", "tags", "created_at", "updated_at", "version" from "task" where "task"."user_id" = $1 order by "task"."created_at" desc, "task"."id" desc limit $2`;

// A due date is answered as its YYYY-MM-DD text, as the API does.
pg.types.setTypeParser(pg.types.builtins.DATE, (text: string) => text);
const PATH = /^\/api\/([^/]+)\/tasks$/;

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.DATABASE_POOL_MAX ?? 10),
});
pool.on("error", () => {});

function send(response: http.ServerResponse, status: number, body: string) {
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(body),
  });
  response.end(body);
}

async function list(userId: string, limit: number): Promise<string> {
  const { rows } = await pool.query<Row>(LIST_SQL, [userId, limit + 1]);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const nextCursor =
    rows.length > limit && last
      ? Buffer.from(JSON.stringify({ v: last.created_at.toISOString(), id: last.id })).toString(
          "base64url",
        )
      : null;
  const tasks = page.map((row) => ({
    id: row.id,
    userId: row.user_id,
    title: row.title,
    description: row.description,
    completed: row.completed,
    dueDate: row.due_date,
    priority: row.priority,
    tags: row.tags,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
  }));
  return JSON.stringify({ tasks, nextCursor });
}

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  if (url.pathname === "/health") return send(response, 200, '{"status":"ok"}');
  const match = PATH.exec(url.pathname);
  if (request.method !== "GET" || !match?.[1]) return send(response, 404, "{}");
  const limit = Math.min(Math.max(Number(url.searchParams.get("limit") ?? 50) || 50, 1), 100);
  list(decodeURIComponent(match[1]), limit).then(
    (body) => send(response, 200, body),
    () => send(response, 503, "{}"),
  );
});

server.listen(Number(process.env.PORT ?? 0), "127.0.0.1");

process.on("SIGTERM", () => {
  server.close(() => {
    pool.end().finally(() => process.exit(0));
  });
  server.closeIdleConnections();
});
