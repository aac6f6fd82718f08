/**
 * One text folding everywhere (SPEC R-A11): tags, titles, descriptions and searches are
 * compared by `foldText` of their NFC text, by the API and the database alike: the same
 * answer whether two tags meet on one task or on two, whichever spelling a search uses.
 */
import { foldText, type Task } from "@tasks/contracts";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Harness, startHarness, type TestUser } from "../../testing/harness.ts";

let api: Harness;
beforeAll(async () => {
  api = await startHarness();
});
afterAll(() => api?.close());

const create = async (user: TestUser, body: Record<string, unknown>) => {
  const response = await api.call("POST", user.tasks, { token: user.token, body });
  return response;
};
const search = async (user: TestUser, query: string) => {
  const response = await api.call("GET", `${user.tasks}?${query}&limit=100`, {
    token: user.token,
  });
  expect(response.status, response.text).toBe(200);
  return (response.json.tasks as Task[]).map((task) => task.title).sort();
};
const tagsOf = async (user: TestUser) =>
  (await api.call("GET", `/api/${user.id}/tags`, { token: user.token })).json.tags;
const q = (text: string) => `q=${encodeURIComponent(text)}`;

describe("one folding (SPEC R-A11)", () => {
  it("makes one tag of spellings that fold alike, on one task or on two", async () => {
    const user = await api.createUser();
    for (const [first, second] of [
      ["ΟΔΟΣ", "οδος"],
      ["οδος", "οδοσ"],
      ["Café", "Cafe\u0301"],
      ["Straße", "STRASSE"],
      ["\u212Aelvin", "kelvin"],
      ["\u212Bngström", "ångström"],
    ]) {
      const both = await create(user, { title: "one task", tags: [first, second] });
      expect(both.status, `${first} ${second}`).toBe(400);
      expect(both.json.errors[0].field).toBe("tags.1");
    }
    const spellings = ["ΟΔΟΣ", "οδος", "οδοσ", "Café", "Cafe\u0301", "Straße", "STRASSE"];
    for (const [index, name] of spellings.entries()) {
      expect((await create(user, { title: `task ${index}`, tags: [name] })).status).toBe(201);
    }
    expect(await tagsOf(user)).toEqual([
      { name: "Café", count: 2 },
      { name: "Straße", count: 2 },
      { name: "ΟΔΟΣ", count: 3 },
    ]);
    expect(await search(user, "tag=%CE%BF%CE%B4%CE%BF%CF%83")).toEqual([
      "task 0",
      "task 1",
      "task 2",
    ]);
    expect(await search(user, `tag=${encodeURIComponent("CAFE\u0301")}`)).toEqual([
      "task 3",
      "task 4",
    ]);
    expect(await search(user, "tag=strasse")).toEqual(["task 5", "task 6"]);
  });

  it("keeps İ and i apart (default folding, not Turkish), and stores text in NFC", async () => {
    const user = await api.createUser();
    const created = await create(user, {
      title: "İstanbul trip",
      description: "Cafe\u0301 by the sea",
      tags: ["İstanbul", "istanbul"],
    });
    expect(created.status, created.text).toBe(201);
    expect(created.json.description).toBe("Café by the sea");
    expect(await search(user, q("istanbul"))).toEqual([]);
    expect(await search(user, q("İSTANBUL"))).toEqual(["İstanbul trip"]);
    expect(await search(user, q("CAFÉ"))).toEqual(["İstanbul trip"]);
    expect((await tagsOf(user)).map((t: { name: string }) => t.name)).toEqual([
      "istanbul",
      "İstanbul",
    ]);
  });

  it("finds a title or description by any spelling that folds like one of its words", async () => {
    const user = await api.createUser();
    await create(user, { title: "ΟΔΟΣ ΑΘΗΝΑΣ" });
    await create(user, { title: "Street", description: "Große STRASSE, \u212Aelvin scale" });
    for (const word of ["οδος", "αθηνας", "ΟΔΟΣ", "οδοσ", "ΑΘΗΝΑς"]) {
      expect(await search(user, q(word)), word).toEqual(["ΟΔΟΣ ΑΘΗΝΑΣ"]);
    }
    for (const word of ["strasse", "straße", "GROSSE", "kelvin", "KELVIN"]) {
      expect(await search(user, q(word)), word).toEqual(["Street"]);
    }
  });

  it("agrees with foldText for any text, case change and normal form (property)", async () => {
    const alphabet = ["a", "K", "\u212A", "ß", "ẞ", "ss", "Σ", "σ", "ς", "İ", "i", "ı", "I"];
    const marks = ["e\u0301", "é", "\u212B", "Å", "å", "ﬃ", "ΐ", "Ϊ\u0301", "ǅ", "ǆ"];
    const word = fc
      .array(fc.constantFrom(...alphabet, ...marks), { minLength: 1, maxLength: 4 })
      .map((parts) => parts.join(""));
    const variant = fc.constantFrom<(text: string) => string>(
      (text) => text,
      (text) => text.toUpperCase(),
      (text) => text.toLowerCase(),
      (text) => text.normalize("NFD"),
      (text) => text.normalize("NFC"),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(word, { minLength: 1, maxLength: 3 }),
        word,
        variant,
        async (words, other, change) => {
          const user = await api.createUser();
          const title = words.join(" ").normalize("NFC"); // as stored (R-A11)
          const tags = [words[0] ?? "x", change(words[0] ?? "x")];
          const created = await create(user, { title, tags: [tags[0]] });
          expect(created.status, created.text).toBe(201);
          const sameTag = foldText(tags[0] ?? "") === foldText(tags[1] ?? "");
          const second = await create(user, { title: "second", tags: [tags[1]] });
          expect(second.status).toBe(201);
          expect((await tagsOf(user)).length).toBe(sameTag ? 1 : 2);
          const looked = change(other);
          const expected = foldText(title).includes(foldText(looked)) ? [title] : [];
          expect(await search(user, q(looked))).toEqual(
            foldText("second").includes(foldText(looked))
              ? [...expected, "second"].sort()
              : expected,
          );
        },
      ),
      { numRuns: 40 },
    );
  });
});
