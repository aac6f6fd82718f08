import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { captureLogs } from "../testing/log-capture.ts";
import type { AppEnv } from "./env.ts";
import { createErrorHandler } from "./error-handler.ts";
import { ApiError } from "./problem.ts";
import { requestContext } from "./request-context.ts";

function appWithContext() {
  const logs = captureLogs();
  const app = new Hono<AppEnv>();
  app.use(...requestContext(logs.logger));
  app.get("/ok/:id", (c) => {
    c.get("logger").info("inside");
    return c.json({ ok: true });
  });
  app.get("/refused", () => {
    throw new ApiError("forbidden", "No.");
  });
  app.onError(createErrorHandler(logs.logger));
  return { app, logs };
}

describe("requestContext", () => {
  it("gives every answer, errors included, the request id, nosniff and server-timing", async () => {
    const { app } = appWithContext();
    for (const path of ["/ok/1", "/refused", "/nowhere"]) {
      const response = await app.request(path, { headers: { "x-request-id": "trace-7" } });
      expect(response.headers.get("x-request-id"), path).toBe("trace-7");
      expect(response.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(response.headers.get("server-timing"), path).toMatch(/^app;dur=\d+(\.\d)?$/);
    }
    const fresh = await app.request("/ok/1");
    expect(fresh.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("logs one line per request with the route path, never the query string or headers", async () => {
    const { app, logs } = appWithContext();
    await app.request("/ok/secret-id?token=hunter2", {
      headers: { "x-request-id": "trace-8", authorization: "Bearer abc.def.ghi" },
    });
    await app.request("/refused", { headers: { "x-request-id": "trace-9" } });
    const lines = logs.lines.filter((line) => line.msg === "request");
    expect(lines).toEqual([
      expect.objectContaining({ reqId: "trace-8", method: "GET", path: "/ok/:id", status: 200 }),
      expect.objectContaining({ reqId: "trace-9", method: "GET", path: "/refused", status: 403 }),
    ]);
    expect(logs.lines).toContainEqual(expect.objectContaining({ reqId: "trace-8", msg: "inside" }));
    const written = JSON.stringify(logs.lines);
    for (const secret of ["secret-id", "hunter2", "abc.def.ghi"])
      expect(written).not.toContain(secret);
  });
});
