/**
 * The server both services run on, over raw sockets: answers for what never reaches the
 * app (SPEC R-O9), in order with the answers owed before them.
 */
import type { AddressInfo } from "node:net";
import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHttpServer } from "./http-server.ts";

/** The app: answers the target it saw and its Host after 50 ms. */
const server = createHttpServer((request, response) => {
  setTimeout(() => response.end(`${request.url} ${request.headers.host}`), 50);
});
let port = 0;
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** Writes `text` on a new connection; everything that came back once the server closed it. */
function exchange(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    let answer = "";
    socket.on("data", (chunk) => {
      answer += chunk;
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(`error ${error.code}`));
    socket.on("close", () => resolve(answer));
    socket.on("connect", () => socket.write(text));
    setTimeout(() => socket.end(), 1_000);
  });
}

const statuses = (answer: string) => answer.match(/HTTP\/1\.1 \d{3}/g) ?? [];
const get = (target: string) => `GET ${target} HTTP/1.1\r\nHost: here\r\n\r\n`;

describe("the server's own answers", () => {
  it.each(["FOO / HTTP/1.1\r\nHost: x\r\n\r\n", "CONNECT here:443 HTTP/1.1\r\nHost: x\r\n\r\n"])(
    "answers the requests before a method it cannot take first, in order: %j",
    async (broken) => {
      const answer = await exchange(get("/first") + broken);
      expect(statuses(answer)).toEqual(["HTTP/1.1 200", "HTTP/1.1 501"]);
      expect(answer).toContain("/first here");
    },
  );

  it("answers TRACE with 501 and the request after it too", async () => {
    const answer = await exchange(`TRACE / HTTP/1.1\r\nHost: x\r\n\r\n${get("/after")}`);
    expect(statuses(answer)).toEqual(["HTTP/1.1 501", "HTTP/1.1 200"]);
  });

  it("routes an absolute-form target by its path, with its host (RFC 9112 §3.2.2)", async () => {
    const answer = await exchange(
      "GET http://elsewhere.example:8080/a?b=1 HTTP/1.1\r\nHost: here\r\nConnection: close\r\n\r\n",
    );
    expect(statuses(answer)).toEqual(["HTTP/1.1 200"]);
    expect(answer).toContain("/a?b=1 elsewhere.example:8080");
  });

  it.each([
    ["/api/../x", "/x"],
    ["/api/%2e%2e/x?y=1", "/x?y=1"],
    ["/a/./b/../c", "/a/c"],
  ])("removes the dot segments of %s before anyone routes it", async (target, seen) => {
    const answer = await exchange(`GET ${target} HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n`);
    expect(answer).toContain(`${seen} h`);
  });

  it("takes an origin-form target starting with // as a path, not as a host", async () => {
    const answer = await exchange(
      "GET //elsewhere.example/api/x HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n",
    );
    expect(answer).toContain("//elsewhere.example/api/x h");
  });

  it("answers OPTIONS * with what the server implements, and refuses * otherwise", async () => {
    const options = await exchange("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    expect(statuses(options)).toEqual(["HTTP/1.1 204"]);
    expect(options.toLowerCase()).toContain("allow: get, head, post, put, patch, delete, options");
    expect(
      statuses(await exchange("GET * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")),
    ).toEqual(["HTTP/1.1 400"]);
  });

  it.each(["/x%zz", "/%", "/a%E0%A4%A"])(
    "refuses the broken escape in %s with 400",
    async (path) => {
      const answer = await exchange(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(statuses(answer)).toEqual(["HTTP/1.1 400"]);
      expect(answer).toContain("application/problem+json");
    },
  );
});
