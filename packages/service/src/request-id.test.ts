import { describe, expect, it } from "vitest";
import { requestIdOf } from "./request-id.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe("requestIdOf", () => {
  it("keeps a client's id of word characters, '.', ':' and '-', up to 128", () => {
    for (const id of ["trace-42", "a", "A_b-C", "span.1:2", "x".repeat(128)]) {
      expect(requestIdOf(id)).toBe(id);
    }
  });

  it("makes a new UUID for none, or one that could not be echoed or logged safely", () => {
    for (const id of [
      undefined,
      null,
      "",
      "x".repeat(129),
      "a b",
      "a\nb",
      "<script>",
      "é",
      "a=b",
    ]) {
      expect(requestIdOf(id)).toMatch(UUID);
    }
  });
});
