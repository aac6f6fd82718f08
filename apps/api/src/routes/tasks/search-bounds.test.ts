/**
 * A search costs about the same whatever is typed (SPEC R-K16): at most 10 distinct words
 * of `q` are used, each once, and the answer names them; a word longer than 100
 * characters is refused. The statement built for a search never has more conditions.
 */
import type { TaskFilters } from "@tasks/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { VerifiedUserId } from "../../auth/verified-user.ts";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";
import { listStatement } from "./list.queries.ts";

let api: Harness;
let alice: TestUser;
const letters = "abcdefghijklmnopqrstuvwxyz".split("");

beforeAll(async () => {
  api = await startHarness();
  alice = await api.createUser();
  for (const title of ["abcdefghij", "abcdefghijk", "xyz", "Milk and bread"]) {
    await api.call("POST", alice.tasks, { token: alice.token, body: { title } });
  }
});
afterAll(() => api?.close());

const get = (path: string) => api.call("GET", path, { token: alice.token });
const titles = (json: { tasks: { title: string }[] }) => json.tasks.map((t) => t.title).sort();

describe("bounded searches (SPEC R-K16)", () => {
  it("uses the first 10 distinct words, says which, and names the ones left out", async () => {
    // 100 one-letter words: the alphabet over and over, in any letter case.
    const words = Array.from({ length: 100 }, (_, i) => {
      const letter = letters[i % 26] ?? "a";
      return i % 2 ? letter.toUpperCase() : letter;
    });
    const q = encodeURIComponent(words.join(" "));
    for (const path of [`${alice.tasks}?q=${q}`, `${alice.tasks}/counts?q=${q}`]) {
      const response = await get(path);
      expect(response.status, response.text).toBe(200);
      expect(response.json.search).toEqual({
        words: letters.slice(0, 10).map((l, i) => (i % 2 ? l.toUpperCase() : l)),
        ignored: letters.slice(10).map((l, i) => (i % 2 ? l.toUpperCase() : l)),
      });
    }
    const listed = await get(`${alice.tasks}?q=${q}`);
    expect(titles(listed.json)).toEqual(["abcdefghij", "abcdefghijk"]);
    const counts = await get(`${alice.tasks}/counts?q=${q}`);
    expect(counts.json).toMatchObject({ all: 2, pending: 2, completed: 0 });
  });

  it("counts a word once however often and in whatever case it is typed", async () => {
    const response = await get(`${alice.tasks}?q=${encodeURIComponent("MILK milk Milk mIlK")}`);
    expect(response.json.search).toEqual({ words: ["MILK"], ignored: [] });
    expect(titles(response.json)).toEqual(["Milk and bread"]);
    const plain = await get(`${alice.tasks}?limit=10`);
    expect(plain.json.search).toBeUndefined();
  });

  it("refuses a word longer than 100 characters, naming q", async () => {
    for (const path of [alice.tasks, `${alice.tasks}/counts`]) {
      const response = await get(`${path}?q=${"w".repeat(101)}`);
      expect(response.status).toBe(400);
      expect(response.json.errors[0]).toEqual({
        field: "q",
        message: "Search words must be at most 100 characters each",
      });
      expect((await get(`${path}?q=${"w".repeat(100)}`)).status).toBe(200);
    }
  });

  it("builds at most one condition per distinct word, and none for a word another contains", () => {
    const filters = (q: string): TaskFilters => ({ status: "all", q });
    const likes = (q: string) => {
      const { text } = listStatement(api.db, {
        userId: alice.id as VerifiedUserId,
        filters: filters(q),
        sort: "created",
        order: "desc",
        limit: 51,
      });
      return text.match(/ like /g)?.length ?? 0;
    };
    expect(likes(Array.from({ length: 100 }, (_, i) => letters[i % 26]).join(" "))).toBe(10);
    expect(likes("a ".repeat(100))).toBe(1);
    expect(likes("golf golfing GOLFER")).toBe(2);
  });

  it("finds matches beyond the stretch a bounded walk reads, page after page", async () => {
    const bob = await api.createUser();
    // Five old tasks with the word, then more than 20 pages of one task without it.
    for (let i = 0; i < 5; i++) {
      await api.call("POST", bob.tasks, { token: bob.token, body: { title: `needle ${i}` } });
    }
    for (let i = 0; i < 45; i++) {
      await api.call("POST", bob.tasks, { token: bob.token, body: { title: `hay ${i}` } });
    }
    const found: string[] = [];
    let cursor = "";
    for (let page = 0; page < 10; page++) {
      const response = await api.call(
        "GET",
        `${bob.tasks}?q=NEEDLE&limit=1${cursor ? `&cursor=${cursor}` : ""}`,
        { token: bob.token },
      );
      expect(response.status, response.text).toBe(200);
      found.push(...response.json.tasks.map((t: { title: string }) => t.title));
      if (!response.json.nextCursor) break;
      cursor = response.json.nextCursor;
    }
    expect(found).toEqual(["needle 4", "needle 3", "needle 2", "needle 1", "needle 0"]);
  });
});
