import net from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPool } from "./client.ts";
import { DatabaseConnectionError, isDatabaseUnavailable } from "./errors.ts";

/**
 * A server that answers every connection's start-up with a FATAL error of the SQLSTATE
 * named in the user name, as PostgreSQL does when it refuses one (protocol 3.0).
 */
function refusingServer() {
  return net.createServer((socket) => {
    socket.once("data", (startup) => {
      const user = /user\0([^\0]*)\0/.exec(startup.toString("latin1"))?.[1] ?? "XX000";
      const fields = ["SFATAL", "VFATAL", `C${user}`, "Mrefused at start-up"];
      const body = Buffer.from(`${fields.join("\0")}\0\0`, "latin1");
      const header = Buffer.alloc(5);
      header.write("E", 0, "latin1");
      header.writeInt32BE(body.length + 4, 1);
      socket.end(Buffer.concat([header, body]));
    });
  });
}

let server: net.Server;
let port: number;
beforeAll(async () => {
  server = refusingServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("isDatabaseUnavailable (SPEC R-O3)", () => {
  it("takes any failure to connect for an outage, whatever the server's SQLSTATE", async () => {
    // Not accepting connections, starting up, too many connections, no such database,
    // authentication, and codes no list would know.
    for (const code of ["55000", "57P03", "53300", "3D000", "28P01", "28000", "XX000", "0A000"]) {
      const pool = createPool(`postgres://${code}@127.0.0.1:${port}/db`, { max: 1 });
      const failure = await pool.query("select 1").catch((error: unknown) => error);
      await pool.end();
      expect(failure, code).toBeInstanceOf(DatabaseConnectionError);
      expect(isDatabaseUnavailable(failure), code).toBe(true);
      expect((failure as Error & { cause: { code?: string } }).cause.code).toBe(code);
    }
  });

  it("and a refused or dropped connection, but not a query the database refused", async () => {
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const { port: closedPort } = closed.address() as net.AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const pool = createPool(`postgres://u@127.0.0.1:${closedPort}/db`, { max: 1 });
    const refused = await pool.query("select 1").catch((error: unknown) => error);
    await pool.end();
    expect(isDatabaseUnavailable(refused)).toBe(true);
    expect(
      isDatabaseUnavailable(
        new Error("x", { cause: new Error("Connection terminated unexpectedly") }),
      ),
    ).toBe(true);
    // The same SQLSTATEs from a query that ran on an open connection are not outages.
    for (const code of ["55000", "23505", "22P02", "XX000"]) {
      expect(isDatabaseUnavailable(Object.assign(new Error("query"), { code })), code).toBe(false);
    }
  });
});
