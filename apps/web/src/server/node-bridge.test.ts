import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BodyTooLarge, sendFetchResponse, toFetchRequest } from "./node-bridge.ts";

const ORIGIN = "https://tasks.example";
const LIMIT = 64;

let received: { method: string; url: string; cookie: string | null; body: string }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer(async (request, response) => {
    try {
      const fetchRequest = await toFetchRequest(request, ORIGIN, LIMIT);
      received.push({
        method: fetchRequest.method,
        url: fetchRequest.url,
        cookie: fetchRequest.headers.get("cookie"),
        body: await fetchRequest.text(),
      });
      const answer = Response.json({ ok: true }, { status: 201 });
      answer.headers.append("set-cookie", "a=1; HttpOnly");
      answer.headers.append("set-cookie", "b=2; Path=/");
      await sendFetchResponse(answer, response);
    } catch (error) {
      response.statusCode = error instanceof BodyTooLarge ? 413 : 500;
      response.setHeader("connection", "close");
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

describe("the Node ↔ Fetch bridge", () => {
  it("carries method, path, query, headers and body, under the configured origin", async () => {
    received = [];
    const response = await fetch(`${base}/api/auth/sign-in/email?x=1`, {
      method: "POST",
      headers: { host: "evil.example", cookie: "s=1", "content-type": "application/json" },
      body: '{"email":"a@b.c"}',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.getSetCookie()).toEqual(["a=1; HttpOnly", "b=2; Path=/"]);
    expect(response.headers.get("content-length")).toBe("11");
    expect(received).toEqual([
      {
        method: "POST",
        url: `${ORIGIN}/api/auth/sign-in/email?x=1`,
        cookie: "s=1",
        body: '{"email":"a@b.c"}',
      },
    ]);
  });

  it("reads no body for GET", async () => {
    received = [];
    expect((await fetch(`${base}/api/auth/get-session`)).status).toBe(201);
    expect(received[0]).toMatchObject({ method: "GET", body: "" });
  });

  it("refuses a body over the limit, declared or streamed", async () => {
    received = [];
    const declared = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      body: "x".repeat(LIMIT + 1),
    });
    expect(declared.status).toBe(413);
    const chunks = [new TextEncoder().encode("x".repeat(LIMIT)), new TextEncoder().encode("y")];
    const streamed = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      body: new ReadableStream({
        pull(controller) {
          const chunk = chunks.shift();
          if (chunk) controller.enqueue(chunk);
          else controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(received).toEqual([]);
    const atLimit = await fetch(`${base}/api/auth/sign-up/email`, {
      method: "POST",
      body: "x".repeat(LIMIT),
    });
    expect(atLimit.status).toBe(201);
  });
});
