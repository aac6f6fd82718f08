import { describe, expect, it } from "vitest";
import { startHarness } from "../../testing/harness.ts";

describe("named list statements", () => {
  it("fall back to unnamed ones where the server refuses the names, never failing a list", async () => {
    // The embedded database (the default for tests) serves every connection from one
    // session: the second connection to prepare a name gets "already exists".
    const api = await startHarness({ namedStatements: true });
    try {
      const alice = await api.createUser();
      await api.call("POST", alice.tasks, { token: alice.token, body: { title: "One" } });
      for (let round = 0; round < 3; round++) {
        const answers = await Promise.all(
          Array.from({ length: 8 }, (_, i) =>
            api.call("GET", `${alice.tasks}?status=${["all", "pending"][i % 2]}`, {
              token: alice.token,
            }),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual(Array(8).fill(200));
        expect(answers[0]?.json.tasks).toHaveLength(1);
      }
    } finally {
      await api.close();
    }
  });
});
