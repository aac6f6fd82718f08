import { QueryClient, QueryObserver } from "@tanstack/react-query";
import type { TaskStatus } from "@tasks/contracts";
import { describe, expect, it, vi } from "vitest";
import type { Task, TaskPage } from "./api-client.ts";
import {
  addTask,
  createDraft,
  isDraft,
  type Lists,
  moveInCounts,
  replaceTask,
  restoreSnapshot,
  resumeFetches,
  takeSnapshot,
  taskKeys,
} from "./task-cache.ts";
import { taskWith } from "./task-fixture.ts";

const task = (id: string, completed = false) => taskWith({ id, title: id, completed });

/** A cache holding the given pages for each status's list. */
function cacheWith(lists: Partial<Record<TaskStatus, Task[][]>>): QueryClient {
  const client = new QueryClient();
  for (const [status, pages] of Object.entries(lists)) {
    client.setQueryData<Lists>(taskKeys.list({ status: status as TaskStatus }), {
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
    .getQueryData<Lists>(taskKeys.list({ status }))
    ?.pages.map((page) => page.tasks.map((t) => t.id));
}

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
    const before = client.getQueryData<Lists>(taskKeys.list({ status: "all" }));
    const saved = task("server-id");
    addTask(client, saved, draft.id);
    expect(ids(client, "all")).toEqual([["server-id", "b"], ["z"]]);
    expect(ids(client, "pending")).toEqual([["server-id", "b"]]);
    const after = client.getQueryData<Lists>(taskKeys.list({ status: "all" }));
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
    expect(client.getQueryData(taskKeys.list({ status: "pending" }))).toBeUndefined();
  });
});

describe("replaceTask", () => {
  it("puts the server's version wherever the task is cached", () => {
    const client = cacheWith({ all: [[task("a"), task("b")]], pending: [[task("b")]] });
    const saved = { ...task("b"), title: "Renamed" };
    replaceTask(client, saved);
    expect(
      client.getQueryData<Lists>(taskKeys.list({ status: "all" }))?.pages[0]?.tasks[1],
    ).toEqual(saved);
    expect(
      client.getQueryData<Lists>(taskKeys.list({ status: "pending" }))?.pages[0]?.tasks[0],
    ).toEqual(saved);
    expect(ids(client, "all")).toEqual([["a", "b"]]);
  });
});

describe("snapshots", () => {
  it("put the lists and counts back exactly as they were", async () => {
    const client = cacheWith({ all: [[task("a")]] });
    client.setQueryData(taskKeys.countsOf({}), { all: 1, pending: 1, completed: 0 });
    const snapshot = await takeSnapshot(client);
    const before = structuredClone(client.getQueryData(taskKeys.list({ status: "all" })));
    addTask(client, createDraft({ title: "New" }));
    client.setQueryData(taskKeys.countsOf({}), { all: 2, pending: 2, completed: 0 });
    restoreSnapshot(client, snapshot);
    expect(client.getQueryData(taskKeys.list({ status: "all" }))).toEqual(before);
    expect(client.getQueryData(taskKeys.countsOf({}))).toEqual({
      all: 1,
      pending: 1,
      completed: 0,
    });
  });
});

describe("fetches under way when a change starts", () => {
  it("are stopped, and run again once resumed; nothing else is fetched", async () => {
    const client = new QueryClient();
    client.setQueryData(taskKeys.countsOf({}), { all: 0, pending: 0, completed: 0 });
    const fetched: string[] = [];
    const observe = (status: TaskStatus, answer: Promise<TaskPage>) =>
      new QueryObserver(client, {
        queryKey: taskKeys.list({ status }),
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
      expect(client.getQueryState(taskKeys.list({ status: "completed" }))?.status).toBe("success"),
    );
    const snapshot = await takeSnapshot(client);
    expect(snapshot.interrupted).toEqual([taskKeys.list({ status: "all" })]);
    expect(client.getQueryState(taskKeys.list({ status: "all" }))?.fetchStatus).toBe("idle");
    expect(fetched).toEqual(["completed", "all"]);

    resumeFetches(client, snapshot);
    expect(fetched).toEqual(["completed", "all", "all"]);
    for (const stop of stopObserving) stop();
  });
});

describe("a change in lists and counts with filters", () => {
  const today = "2026-03-10";
  const due = (id: string, dueDate: string | null, tags: string[] = []) => ({
    ...task(id),
    dueDate,
    tags,
  });

  it("leaves a list whose filters the changed task no longer matches", () => {
    const client = new QueryClient();
    const overdue = { status: "pending", dueTo: "2026-03-09" } as const;
    client.setQueryData<Lists>(taskKeys.list(overdue), {
      pages: [{ tasks: [due("a", "2026-03-01"), due("b", "2026-03-02")], nextCursor: null }],
      pageParams: [undefined],
    });
    replaceTask(client, due("a", "2026-04-01"));
    replaceTask(client, { ...due("b", "2026-03-02"), title: "Renamed" });
    const tasks = client.getQueryData<Lists>(taskKeys.list(overdue))?.pages[0]?.tasks;
    expect(tasks?.map((t) => [t.id, t.title])).toEqual([["b", "Renamed"]]);
  });

  it("moves a task between the counts whose filters it matches before and after", () => {
    const client = new QueryClient();
    const todays = { dueFrom: today, dueTo: today };
    const tagged = { tag: "HOME" };
    for (const params of [{}, todays, tagged]) {
      client.setQueryData(taskKeys.countsOf(params), { all: 5, pending: 3, completed: 2 });
    }
    const before = due("a", today, ["home"]);
    moveInCounts(client, before, { ...before, dueDate: null, completed: true });
    expect(client.getQueryData(taskKeys.countsOf({}))).toEqual({
      all: 5,
      pending: 2,
      completed: 3,
    });
    expect(client.getQueryData(taskKeys.countsOf(todays))).toEqual({
      all: 4,
      pending: 2,
      completed: 2,
    });
    expect(client.getQueryData(taskKeys.countsOf(tagged))).toEqual({
      all: 5,
      pending: 2,
      completed: 3,
    });
    moveInCounts(client, null, due("new", today));
    moveInCounts(client, due("gone", null, ["Home"]), null);
    expect(client.getQueryData(taskKeys.countsOf({}))).toEqual({
      all: 5,
      pending: 2,
      completed: 3,
    });
    expect(client.getQueryData(taskKeys.countsOf(todays))).toEqual({
      all: 5,
      pending: 3,
      completed: 2,
    });
    expect(client.getQueryData(taskKeys.countsOf(tagged))).toEqual({
      all: 4,
      pending: 1,
      completed: 3,
    });
  });
});

describe("a list the server filtered by text", () => {
  it("keeps what the API matched when the text and tags did not change", () => {
    const client = new QueryClient();
    // PostgreSQL lowers İ to i; JavaScript to i + a combining dot: the API's word holds.
    const params = { status: "all", q: "istanbul", tag: "iş" } as const;
    const trip = { ...task("trip"), title: "İstanbul trip", tags: ["İŞ"] };
    client.setQueryData<Lists>(taskKeys.list(params), {
      pages: [{ tasks: [trip], nextCursor: null }],
      pageParams: [undefined],
    });
    replaceTask(client, { ...trip, priority: "high" });
    expect(client.getQueryData<Lists>(taskKeys.list(params))?.pages[0]?.tasks).toHaveLength(1);
    replaceTask(client, { ...trip, title: "Ankara trip" });
    expect(client.getQueryData<Lists>(taskKeys.list(params))?.pages[0]?.tasks).toHaveLength(0);
  });
});
