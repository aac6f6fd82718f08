/**
 * R-O10 over real HTTP: a refused body never breaks the connection. The client gets its
 * 4xx in full while it is still sending, finishes sending, and the next request on the
 * same connection works, whatever the body's framing or size: the server reads and
 * discards the rest, never resetting a client that is still sending.
 */

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../testing/harness.ts";
import { captureLogs } from "../testing/log-capture.ts";
import { RawConnection, requestHead, serveOnLoopback } from "../testing/raw-http.ts";

const logs = captureLogs();
let api: Harness;
let alice: TestUser;
let bob: TestUser;
let server: Awaited<ReturnType<typeof serveOnLoopback>>;

beforeAll(async () => {
  api = await startHarness({ logger: logs.logger });
  alice = await api.createUser();
  bob = await api.createUser();
  server = await serveOnLoopback(api.app);
});
afterAll(async () => {
  await server?.close();
  await api?.close();
});

const PIECE = 64 * 1024;
/** Longer than @hono/node-server's own clean-up waits for the rest of a body (500 ms). */
const SLOW_LINK_PAUSE_MS = 700;
const MB = 1024 * 1024;

/** `bytes` of `x` in pieces, chunk-encoded when `chunked`; `last` ends a chunked body. */
async function sendBody(
  connection: RawConnection,
  bytes: number,
  { chunked = false, last = false } = {},
) {
  for (let sent = 0; sent < bytes; sent += PIECE) {
    const piece = Buffer.alloc(Math.min(PIECE, bytes - sent), "x");
    const size = Buffer.from(`${piece.length.toString(16)}\r\n`);
    await connection.write(chunked ? Buffer.concat([size, piece, Buffer.from("\r\n")]) : piece);
  }
  if (chunked && last) await connection.write("0\r\n\r\n");
}

interface Variant {
  name: string;
  status: number;
  headers: (user: TestUser) => Record<string, string>;
  path?: (user: TestUser) => string;
  /** Body bytes sent before the answer is awaited, and in all. */
  before: number;
  total: number;
  chunked?: boolean;
}

const json = { "content-type": "application/json" };
const bearer = (user: TestUser) => ({ authorization: `Bearer ${user.token}` });

const variants: Variant[] = [
  {
    name: "a declared length over the limit (2 MB)",
    status: 413,
    headers: (user) => ({ ...bearer(user), ...json, "content-length": String(2 * MB) }),
    before: PIECE,
    total: 2 * MB,
  },
  {
    name: "a chunked body over the limit (2 MB)",
    status: 413,
    headers: (user) => ({ ...bearer(user), ...json, "transfer-encoding": "chunked" }),
    before: 2 * PIECE,
    total: 2 * MB,
    chunked: true,
  },
  {
    name: "no token, with a body",
    status: 401,
    headers: () => ({ ...json, "content-length": String(20_000) }),
    before: 1000,
    total: 20_000,
  },
  {
    name: "another person's path, with a chunked body",
    status: 403,
    headers: (user) => ({ ...bearer(user), ...json, "transfer-encoding": "chunked" }),
    path: () => bob.tasks,
    before: 0,
    total: 300_000,
    chunked: true,
  },
  {
    name: "a body that is not JSON",
    status: 415,
    headers: (user) => ({
      ...bearer(user),
      "content-type": "text/plain",
      "content-length": "1000",
    }),
    before: 1000,
    total: 1000,
  },
  {
    name: "invalid JSON",
    status: 400,
    headers: (user) => ({ ...bearer(user), ...json, "content-length": "1000" }),
    before: 1000,
    total: 1000,
  },
];

describe("a refused body on a keep-alive connection (R-O10)", () => {
  it.each(variants)("$name: $status in full, then the next request works", async (variant) => {
    const connection = await RawConnection.open(server.port);
    const path = variant.path?.(alice) ?? alice.tasks;
    await connection.write(requestHead("POST", path, variant.headers(alice)));
    const chunked = variant.chunked ?? false;
    await sendBody(connection, variant.before, { chunked });
    const refused = await connection.readResponse();
    expect(refused.status).toBe(variant.status);
    expect(JSON.parse(refused.body).status).toBe(variant.status);
    expect(refused.headers.connection).toBe("keep-alive");

    // The client was still sending, on a slow link: it finishes, then asks again.
    await new Promise((resolve) => setTimeout(resolve, SLOW_LINK_PAUSE_MS));
    await sendBody(connection, variant.total - variant.before, { chunked, last: true });
    await connection.write(requestHead("GET", alice.tasks, bearer(alice)));
    const answer = await connection.readResponse();
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toHaveProperty("tasks");
    expect(connection.error).toBeUndefined();
    connection.close();
  });

  it.each([false, true])(
    "a body of 16 MiB (chunked: %s): 413 in full, every write accepted, the connection kept",
    async (chunked) => {
      const total = 16 * MB;
      const connection = await RawConnection.open(server.port);
      const framing: Record<string, string> = chunked
        ? { "transfer-encoding": "chunked" }
        : { "content-length": String(total) };
      await connection.write(
        requestHead("POST", alice.tasks, { ...bearer(alice), ...json, ...framing }),
      );
      await sendBody(connection, PIECE, { chunked });
      const refused = await connection.readResponse();
      expect(refused.status).toBe(413);
      await new Promise((resolve) => setTimeout(resolve, SLOW_LINK_PAUSE_MS));
      await sendBody(connection, total - PIECE, { chunked, last: true }); // no reset
      await connection.write(requestHead("GET", "/health"));
      expect((await connection.readResponse()).status).toBe(200);
      expect(connection.error).toBeUndefined();
      connection.close();
    },
  );

  it.each([false, true])(
    "a client gone mid-body (chunked: %s) is the client's doing: a 400, no error logged",
    async (chunked) => {
      const before = logs.lines.length;
      const connection = await RawConnection.open(server.port);
      const framing: Record<string, string> = chunked
        ? { "transfer-encoding": "chunked" }
        : { "content-length": "20000" };
      await connection.write(
        requestHead("POST", alice.tasks, { ...bearer(alice), ...json, ...framing }),
      );
      await sendBody(connection, 1000, { chunked });
      await new Promise((resolve) => setTimeout(resolve, 100));
      connection.close();
      await expect
        .poll(() => logs.lines.slice(before).find((line) => line.msg === "request"))
        .toMatchObject({ status: 400 });
    },
  );

  it("logs no error for any of it", () => {
    expect(logs.errors()).toEqual([]);
  });
});
