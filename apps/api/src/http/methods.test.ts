/**
 * R-O9 over real HTTP: every method on every path has a defined answer, with or without a
 * token. A method a resource does not support is 405 with Allow; one the server implements
 * for no resource is 501, also when Node's parser refuses it (TRACK, FOO, lower case) or it
 * is CONNECT, which never become requests. Never another 5xx, never an error in the log.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";
import { captureLogs } from "../testing/log-capture.ts";
import { RawConnection, requestHead, serveOnLoopback } from "../testing/raw-http.ts";

const MISSING_ID = "5f3a0c4e-2b7d-4e1a-9c8b-0d6e4f2a1b3c";
const METHODS = [
  ...["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
  ...["TRACE", "PROPFIND", "TRACK", "FOO", "trace", "CONNECT"],
];
/**
 * No resource implements these: the server answers them before the app, whatever the
 * path (Node's parser refuses TRACK, FOO and `trace`, and hands CONNECT over as a tunnel).
 */
const NOT_IMPLEMENTED = new Set(["TRACE", "PROPFIND", "TRACK", "FOO", "trace", "CONNECT"]);

const logs = captureLogs();
let api: Harness;
let alice: TestUser;
let server: Awaited<ReturnType<typeof serveOnLoopback>>;

beforeAll(async () => {
  api = await startHarness({ logger: logs.logger });
  alice = await api.createUser();
  server = await serveOnLoopback(api.app);
});
afterAll(async () => {
  await server?.close();
  await api?.close();
});

interface Resource {
  path: string;
  /** The methods it answers, as its Allow header lists them; none for an unknown path. */
  allow?: string;
  /** Needs a token (everything under /api/{user_id}/). */
  auth?: boolean;
  /** What each allowed method answers here, when it is not 200. */
  answers?: Record<string, number>;
}

const resources = (): Resource[] => [
  { path: "/" },
  { path: "/nope" },
  { path: "/health", allow: "GET" },
  { path: "/ready", allow: "GET" },
  { path: "/openapi.json", allow: "GET" },
  { path: "/docs", allow: "GET" },
  {
    path: alice.tasks,
    allow: "GET, POST, DELETE",
    auth: true,
    answers: { POST: 400, DELETE: 400 },
  },
  { path: `${alice.tasks}/counts`, allow: "GET", auth: true },
  { path: `${alice.tasks}/bulk`, allow: "POST", auth: true, answers: { POST: 400 } },
  { path: `${alice.tasks}/export`, allow: "GET", auth: true },
  { path: `${alice.tasks}/import`, allow: "POST", auth: true, answers: { POST: 400 } },
  { path: `/api/${alice.id}/tags`, allow: "GET", auth: true },
  {
    path: `${alice.tasks}/${MISSING_ID}`,
    allow: "GET, PUT, DELETE",
    auth: true,
    answers: { GET: 404, HEAD: 404, PUT: 400, DELETE: 404 },
  },
  {
    path: `${alice.tasks}/${MISSING_ID}/complete`,
    allow: "PATCH",
    auth: true,
    answers: { PATCH: 404 },
  },
  { path: `${alice.tasks}/${MISSING_ID}/nope`, auth: true },
];

/** The `Allow` of a 405: the resource's methods, HEAD with GET, and OPTIONS. */
function allowOf(methods = ""): string {
  const list = methods.split(", ");
  return [...list.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m])), "OPTIONS"].join(", ");
}

/** The status the spec defines for `method` on `resource`. */
function expected(resource: Resource, method: string, withToken: boolean): number {
  if (NOT_IMPLEMENTED.has(method)) return 501;
  if (method === "OPTIONS") return 204; // CORS preflight, answered for every path
  if (resource.auth && !withToken) return 401;
  const allowed = resource.allow?.split(", ") ?? [];
  if (method === "HEAD" ? allowed.includes("GET") : allowed.includes(method)) {
    return resource.answers?.[method] ?? 200;
  }
  return resource.allow ? 405 : 404;
}

async function ask(method: string, path: string, token?: string) {
  const connection = await RawConnection.open(server.port);
  try {
    const target = method === "CONNECT" ? "127.0.0.1:9" : path;
    await connection.write(
      requestHead(method, target, {
        "content-length": "0",
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      }),
    );
    return await connection.readResponse({ head: method === "HEAD" });
  } finally {
    connection.close();
  }
}

describe("every method on every path (R-O9)", () => {
  for (const withToken of [false, true]) {
    it(`has a defined answer ${withToken ? "with" : "without"} a token`, async () => {
      const answered: string[] = [];
      const wanted: string[] = [];
      for (const resource of resources()) {
        for (const method of METHODS) {
          const response = await ask(method, resource.path, withToken ? alice.token : undefined);
          const status = expected(resource, method, withToken);
          const label = `${method} ${resource.path.replace(alice.id, "{u}")}`;
          answered.push(`${label} → ${response.status} ${response.headers.allow ?? ""}`);
          wanted.push(`${label} → ${status} ${status === 405 ? allowOf(resource.allow) : ""}`);
          if (response.status >= 400 && method !== "HEAD") {
            expect(response.headers["content-type"], label).toBe("application/problem+json");
            expect(JSON.parse(response.body).status, label).toBe(response.status);
          }
        }
      }
      expect(answered).toEqual(wanted);
      expect(logs.errors()).toEqual([]);
    });
  }

  it("closes the connection after a method Node cannot parse, and says so", async () => {
    const connection = await RawConnection.open(server.port);
    await connection.write(requestHead("TRACK", "/health", { "content-length": "0" }));
    const response = await connection.readResponse();
    expect(response.status).toBe(501);
    expect(response.headers.connection).toBe("close");
    expect(JSON.parse(response.body)).toMatchObject({
      type: "/docs#problem-not-implemented",
      status: 501,
    });
    expect(await connection.waitForClose()).toBe("fin");
    connection.close();
  });
});
