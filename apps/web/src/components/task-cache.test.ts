import { QueryClient, QueryObserver } from "@tanstack/react-query";
import type { Task, TaskPage, TaskStatus } from "@tasks/contracts";
import { describe, expect, it, vi } from "vitest";
import {
  addTask,
  createDraft,
  isDraft,
  type Lists,
  readStatus,
  replaceTask,
  restoreSnapshot,
  resumeFetches,
  takeSnapshot,
  taskKeys,
} from "./task-cache.ts";

function task(id: string, completed = false): Task {
  const at = "2026-01-01T00:00:00.000Z";
  return {
    id,
    userId: "u1",
    title: id,
    description: null,
    completed,
    dueDate: null,
    priority: "none",
    tags: [],
    createdAt: at,
    updatedAt: at,
    version: 1,
  };
}

/** A cache holding the given pages for each status's list. */
function cacheWith(lists: Partial<Record<TaskStatus, Task[][]>>): QueryClient {
  const client = new QueryClient();
  for (const [status, pages] of Object.entries(lists)) {
    client.setQueryData<Lists>(taskKeys.list(status as TaskStatus), {
      pages: pages.map((tasks, i) => ({
        tasks,
        nextCursor: i < pages.length - 1 ? `c${i}` : null,
      })),
      pageParams: pages.map((_, i) => (i === 0 ? undefined : `c${i - 1}`)),
    });
  }
  return client;
}

function ids(client: QueryClient, status: TaskStatus): string[][] | undefined {
  return client
    .getQueryData<Lists>(taskKeys.list(status))
    ?.pages.map((page) => page.tasks.map((t) => t.id));
}

describe("readStatus", () => {
  it("reads the API's status words, and anything else as all", () => {
    expect(readStatus("pending")).toBe("pending");
    expect(readStatus("completed")).toBe("completed");
    for (const other of [null, undefined, "", "active", "PENDING", "all"]) {
      expect(readStatus(other)).toBe("all");
    }
  });
});

describe("addTask", () => {
  it("puts a draft once, first, in each list it belongs to, however many pages are loaded", () => {
    const client = cacheWith({
      all: [[task("b"), task("a")], [task("z")]],
      pending: [[task("b")], [task("z")]],
      completed: [[task("a", true)]],
    });
    const draft = createDraft({ title: "  New  " });
    addTask(client, draft);
    expect(isDraft(draft)).toBe(true);
    expect(draft.title).toBe("New");
    expect(ids(client, "all")).toEqual([[draft.id, "b", "a"], ["z"]]);
    expect(ids(client, "pending")).toEqual([[draft.id, "b"], ["z"]]);
    expect(ids(client, "completed")).toEqual([["a"]]);
  });

  it("puts the server's task in its draft's place, leaving the rest as it was", () => {
    const client = cacheWith({ all: [[task("b")], [task("z")]], pending: [[task("b")]] });
    const draft = createDraft({ title: "New" });
    addTask(client, draft);
    const before = client.getQueryData<Lists>(taskKeys.list("all"));
    const saved = task("server-id");
    addTask(client, saved, draft.id);
    expect(ids(client, "all")).toEqual([["server-id", "b"], ["z"]]);
    expect(ids(client, "pending")).toEqual([["server-id", "b"]]);
    const after = client.getQueryData<Lists>(taskKeys.list("all"));
    expect(after?.pages[0]?.tasks[0]).toEqual(saved);
    expect(after?.pages[0]?.tasks[1]).toBe(before?.pages[0]?.tasks[1]);
    expect(isDraft(saved)).toBe(false);
  });

  it("adds the saved task to a list fetched again without its draft, once", () => {
    const draftId = createDraft({ title: "New" }).id;
    const client = cacheWith({
      all: [[task("b")]], // fetched before the server had the task
      pending: [[task("server-id"), task("b")]], // fetched after
      completed: [[task("a", true)]],
    });
    addTask(client, task("server-id"), draftId);
    expect(ids(client, "all")).toEqual([["server-id", "b"]]);
    expect(ids(client, "pending")).toEqual([["server-id", "b"]]);
    expect(ids(client, "completed")).toEqual([["a"]]);
  });

  it("drops the draft from a list that already has the saved task", () => {
    const draft = createDraft({ title: "New" });
    const client = cacheWith({ all: [[draft, task("server-id"), task("b")]] });
    addTask(client, task("server-id"), draft.id);
    expect(ids(client, "all")).toEqual([["server-id", "b"]]);
  });

  it("leaves lists not yet loaded alone", () => {
    const client = cacheWith({ all: [[task("b")]] });
    addTask(client, createDraft({ title: "New" }));
    expect(client.getQueryData(taskKeys.list("pending"))).toBeUndefined();
  });
});

describe("replaceTask", () => {
  it("puts the server's version wherever the task is cached", () => {
    const client = cacheWith({ all: [[task("a"), task("b")]], pending: [[task("b")]] });
    const saved = { ...task("b"), title: "Renamed" };
    replaceTask(client, saved);
    expect(client.getQueryData<Lists>(taskKeys.list("all"))?.pages[0]?.tasks[1]).toEqual(saved);
    expect(client.getQueryData<Lists>(taskKeys.list("pending"))?.pages[0]?.tasks[0]).toEqual(saved);
    expect(ids(client, "all")).toEqual([["a", "b"]]);
  });
});

describe("snapshots", () => {
  it("put the lists and counts back exactly as they were", async () => {
    const client = cacheWith({ all: [[task("a")]] });
    client.setQueryData(taskKeys.counts, { all: 1, pending: 1, completed: 0 });
    const snapshot = await takeSnapshot(client);
    const before = structuredClone(client.getQueryData(taskKeys.list("all")));
    addTask(client, createDraft({ title: "New" }));
    client.setQueryData(taskKeys.counts, { all: 2, pending: 2, completed: 0 });
    restoreSnapshot(client, snapshot);
    expect(client.getQueryData(taskKeys.list("all"))).toEqual(before);
    expect(client.getQueryData(taskKeys.counts)).toEqual({ all: 1, pending: 1, completed: 0 });
  });
});

describe("fetches under way when a change starts", () => {
  it("are stopped, and run again once resumed; nothing else is fetched", async () => {
    const client = new QueryClient();
    client.setQueryData(taskKeys.counts, { all: 0, pending: 0, completed: 0 });
    const fetched: string[] = [];
    const observe = (status: TaskStatus, answer: Promise<TaskPage>) =>
      new QueryObserver(client, {
        queryKey: taskKeys.list(status),
        queryFn: () => {
          fetched.push(status);
          return answer;
        },
      }).subscribe(() => {});
    const page: TaskPage = { tasks: [task("a")], nextCursor: null };
    const stopObserving = [
      observe("completed", Promise.resolve(page)),
      observe("all", new Promise<TaskPage>(() => {})), // still loading when the change starts
    ];
    await vi.waitFor(() =>
      expect(client.getQueryState(taskKeys.list("completed"))?.status).toBe("success"),
    );
    const snapshot = await takeSnapshot(client);
    expect(snapshot.interrupted).toEqual([taskKeys.list("all")]);
    expect(client.getQueryState(taskKeys.list("all"))?.fetchStatus).toBe("idle");
    expect(fetched).toEqual(["completed", "all"]);

    resumeFetches(client, snapshot);
    expect(fetched).toEqual(["completed", "all", "all"]);
    for (const stop of stopObserving) stop();
  });
});
