/**
 * Bodies must be UTF-8 (SPEC R-A11): invalid bytes are refused with 400 naming the body,
 * never stored as U+FFFD (which would make different inputs one), for every route that
 * reads a body, task fields and imports alike. Query values must be percent-encoded UTF-8:
 * one that is not is refused naming its parameter, never read as its own text.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;
let alice: TestUser;
beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
});
afterAll(() => api?.close());

/** `json` as UTF-8 with the bytes `invalid` where it says BAD. */
function withBytes(json: string, invalid: number[]): Uint8Array {
  const [before = "", after = ""] = json.split("BAD");
  return new Uint8Array([...Buffer.from(before), ...invalid, ...Buffer.from(after)]);
}

describe("a body that is not UTF-8", () => {
  it.each([[[0xff]], [[0xfe]], [[0x80]], [[0xc3]], [[0xed, 0xa0, 0x80]]])(
    "is refused with 400 and nothing stored: bytes %j",
    async (invalid) => {
      const cases = [
        ["POST", alice.tasks, withBytes('{"title":"abcBADdef"}', invalid), "application/json"],
        ["POST", `${alice.tasks}/import`, withBytes("title\r\nabcBADdef\r\n", invalid), "text/csv"],
      ] as const;
      for (const [method, path, body, type] of cases) {
        const response = await api.call(method, path, {
          token: alice.token,
          body,
          headers: { "content-type": type },
        });
        expect(response.status, path).toBe(400);
        expect(response.json.errors, path).toEqual([
          { field: "body", message: "Body is not valid UTF-8 text" },
        ]);
      }
      const list = await api.call("GET", alice.tasks, { token: alice.token });
      expect(list.json.tasks).toEqual([]);
    },
  );
});

describe("a body of a type nobody takes", () => {
  it("is 415 whatever its bytes: the type is judged before the text", async () => {
    for (const path of [alice.tasks, `${alice.tasks}/import`]) {
      for (const type of ["text/plain", "application/octet-stream", ""]) {
        const response = await api.call("POST", path, {
          token: alice.token,
          body: new Uint8Array([0xff]),
          headers: { "content-type": type },
        });
        expect(response.status, `${path} ${type}`).toBe(415);
      }
    }
  });
});

describe("a query value that is not percent-encoded UTF-8", () => {
  it.each(["%FF", "%C0%AF", "%E2%82", "%ED%A0%80", "abc%", "%zz"])(
    "is refused with 400 naming its parameter: %s",
    async (value) => {
      for (const [path, name] of [
        [`${alice.tasks}?q=${value}`, "q"],
        [`${alice.tasks}?tag=${value}`, "tag"],
        [`${alice.tasks}/counts?q=${value}`, "q"],
        [`${alice.tasks}?status=open&q=${value}`, "q"],
      ] as const) {
        const response = await api.call("GET", path, { token: alice.token });
        expect(response.status, path).toBe(400);
        expect(response.json.errors, path).toEqual([
          { field: name, message: `${name} must be percent-encoded UTF-8 text` },
        ]);
      }
    },
  );

  it("takes a value that encodes % itself, and + as a space", async () => {
    for (const query of ["q=%25FF", "q=a+b", "q=caf%C3%A9"]) {
      const response = await api.call("GET", `${alice.tasks}?${query}`, { token: alice.token });
      expect(response.status, query).toBe(200);
    }
  });
});
