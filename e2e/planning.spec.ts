/**
 * Planning on the dashboard (SPEC R-P6, R-P7, R-K17): views with counts from the browser's
 * date, search in the URL, tag filter and sort, plan shown on each task, multi-select with
 * bulk actions, shortcuts, the first page rendered by the server, and stale edits refused.
 */
import type { Page } from "@playwright/test";
import { API_URL, expect, seriousViolations, test } from "./fixtures";

/** Each task's "done" checkbox, named by its title, not its "Select <title>" one. */
const DONE = /^(?!Select )/;

/** The page's own date (the browser's local calendar), moved by `days`. */
/**
 * Waits, when the browser's day ends within 20 s, until the next one begins: a test that
 * counts by "today" (a few seconds long) must not see two days.
 */
async function awayFromMidnight(page: Page): Promise<void> {
  const left = await page.evaluate(() => {
    const midnight = new Date();
    midnight.setHours(24, 0, 0, 0);
    return midnight.getTime() - Date.now();
  });
  if (left < 20_000) await page.waitForTimeout(left + 100);
}

async function dayFromToday(page: Page, days: number): Promise<string> {
  return page.evaluate((offset) => {
    const date = new Date();
    date.setDate(date.getDate() + offset);
    const pad = (n: number) => String(n).padStart(2, "0");
    return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
  }, days);
}

/** The tasks API as the page's session, for setting up and for changes "from elsewhere". */
async function apiOf(page: Page) {
  const { token } = (await (await page.request.get("/api/auth/token")).json()) as {
    token: string;
  };
  const { sub } = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString());
  const base = `${API_URL}/api/${sub}/tasks`;
  const headers = { authorization: `Bearer ${token}` };
  return {
    async create(task: Record<string, unknown>) {
      const response = await page.request.post(base, { data: task, headers });
      expect(response.status()).toBe(201);
      return (await response.json()) as { id: string; version: number };
    },
    async rename(id: string, title: string) {
      const response = await page.request.put(`${base}/${id}`, { data: { title }, headers });
      expect(response.status()).toBe(200);
    },
    async import(tasks: Record<string, unknown>[]) {
      const response = await page.request.post(`${base}/import`, { data: { tasks }, headers });
      expect(response.status()).toBe(201);
    },
  };
}

type Created = { id: string; version: number };

/** The dashboard with `tasks` made through the API, loaded and settled; one answer per task. */
async function dashboardWith<T extends readonly Record<string, unknown>[] | []>(
  page: Page,
  tasks: T,
) {
  await page.goto("/dashboard");
  const api = await apiOf(page);
  const created: Created[] = [];
  for (const task of tasks) created.push(await api.create(task));
  await page.reload({ waitUntil: "networkidle" });
  return { api, created: created as { [K in keyof T]: Created } };
}

async function viewCount(page: Page, label: string) {
  const link = page.getByRole("navigation", { name: "Views" }).getByRole("link", { name: label });
  return ((await link.textContent()) ?? "").replace(label, "").trim();
}

test("views count by the browser's date, and each task shows its plan in words", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  await awayFromMidnight(page);
  const api = await apiOf(page);
  const [yesterday, today, inThree, inSeven, inEight] = await Promise.all(
    [-1, 0, 3, 7, 8].map((days) => dayFromToday(page, days)),
  );
  await api.create({ title: "Late report", dueDate: yesterday, priority: "high", tags: ["Work"] });
  await api.create({ title: "Done late", dueDate: yesterday, completed: true });
  await api.create({ title: "Pay rent", dueDate: today, tags: ["home", "money"] });
  await api.create({ title: "Dentist", dueDate: inThree, priority: "low" });
  await api.create({ title: "Week out", dueDate: inSeven });
  await api.create({ title: "Far off", dueDate: inEight });
  await api.create({ title: "Someday" });
  await page.reload();

  const expected = {
    All: "7",
    Pending: "6",
    Today: "1",
    Upcoming: "2",
    Overdue: "1",
    Completed: "1",
  };
  for (const [label, count] of Object.entries(expected)) {
    expect(await viewCount(page, label), label).toBe(count);
  }

  const late = page.getByRole("listitem").filter({ hasText: "Late report" });
  await expect(late.getByText("Overdue", { exact: true })).toBeVisible();
  await expect(late.getByText("High priority")).toBeVisible();
  await expect(late.getByText("#Work")).toBeVisible();
  await expect(page.getByRole("listitem").filter({ hasText: "Pay rent" })).toContainText(
    "Due Today",
  );
  // A completed task past its date is not overdue.
  const doneLate = page.getByRole("listitem").filter({ hasText: "Done late" });
  await expect(doneLate.getByText("Overdue", { exact: true })).toHaveCount(0);

  await page.getByRole("link", { name: /^Overdue/ }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=overdue$/);
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: "Late report", exact: true })).toBeVisible();

  await page.getByRole("link", { name: /^Upcoming/ }).click();
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(2);
  await expect(page.getByRole("checkbox", { name: "Far off", exact: true })).toHaveCount(0);

  // Completing a task takes it out of the view and its count at once.
  await page.getByRole("checkbox", { name: "Dentist", exact: true }).click();
  await expect(page.getByRole("checkbox", { name: "Dentist", exact: true })).toHaveCount(0);
  await expect.poll(() => viewCount(page, "Upcoming")).toBe("1");
  await expect.poll(() => viewCount(page, "Completed")).toBe("2");

  // The view survives a reload, rendered by the server.
  await page.reload();
  await expect(page.getByRole("link", { name: /^Upcoming/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
  expect(await seriousViolations(page)).toEqual([]);
});

test("search, tag and sort live in the URL and combine", async ({ page, person }) => {
  expect(person.email).toContain("@");
  await dashboardWith(page, [
    { title: "Pay 100% of rent", priority: "low", tags: ["Home"] },
    { title: "Pay 100 pounds", priority: "high", tags: ["home"] },
    { title: "Water plants", description: "rent a hose", tags: ["garden"] },
  ]);

  await page.getByLabel("Search tasks").fill("100%");
  await expect(page).toHaveURL(/[?&]q=100%25/);
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(1);
  await expect(page.getByRole("checkbox", { name: "Pay 100% of rent", exact: true })).toBeVisible();

  await page.getByLabel("Search tasks").fill("RENT");
  await expect(page).toHaveURL(/[?&]q=RENT/);
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(2);

  await page.getByLabel("Tag", { exact: true }).selectOption("Home");
  await expect(page).toHaveURL(/[?&]tag=Home/);
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(1);

  await page.goto("/dashboard?tag=HOME&sort=priority");
  await expect(page.getByLabel("Sort", { exact: true })).toHaveValue("priority");
  await expect(page.getByLabel("Tag", { exact: true })).toHaveValue("Home"); // as first spelled
  const titles = page.getByRole("checkbox", { name: DONE });
  await expect(titles).toHaveCount(2);
  await expect(titles.first()).toHaveAccessibleName("Pay 100 pounds");

  await page.getByLabel("Sort", { exact: true }).selectOption("title");
  await expect(page).toHaveURL(/sort=title/);
  await expect(titles.first()).toHaveAccessibleName("Pay 100 pounds");
  await expect(titles.last()).toHaveAccessibleName("Pay 100% of rent");

  // Back to a search typed earlier: the field follows the URL.
  await page.goto("/dashboard?q=hose");
  await expect(page.getByLabel("Search tasks")).toHaveValue("hose");
  await expect(page.getByRole("checkbox", { name: "Water plants", exact: true })).toBeVisible();
});

test("the first page arrives with the page, rendered by the server", async ({ page, person }) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  const api = await apiOf(page);
  await api.create({ title: "Rendered on the server", tags: ["ssr"] });
  const html = await (await page.request.get("/dashboard")).text();
  expect(html).toContain("Rendered on the server");
  expect(html).not.toContain("Loading your tasks");
  // Counted already, tags listed already.
  expect(html).toMatch(/All(<!-- -->)?<span>1<\/span>/);
  expect(html).toContain("ssr (1)");
});

test("several tasks are selected and completed, uncompleted or deleted together", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await dashboardWith(page, [{ title: "One" }, { title: "Two" }, { title: "Three" }]);

  await page.getByRole("checkbox", { name: "Select One", exact: true }).check();
  await page.getByRole("checkbox", { name: "Select Three", exact: true }).check();
  await expect(page.getByText("2 selected")).toBeVisible();
  await page.getByRole("button", { name: "Complete selected", exact: true }).click();
  await expect(page.getByRole("checkbox", { name: "One", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Three", exact: true })).toBeChecked();
  await expect(page.getByRole("checkbox", { name: "Two", exact: true })).not.toBeChecked();
  await expect(page.getByRole("status")).toHaveText("Completed 2 tasks.");
  await expect(page.getByText("2 selected")).toHaveCount(0);

  await page.getByRole("button", { name: "Select all shown" }).click();
  await expect(page.getByText("3 selected")).toBeVisible();
  await page.getByRole("button", { name: "Uncomplete selected", exact: true }).click();
  for (const title of ["One", "Two", "Three"]) {
    await expect(page.getByRole("checkbox", { name: title, exact: true })).not.toBeChecked();
  }
  await page.getByRole("checkbox", { name: "Select Two", exact: true }).check();
  await page.getByRole("button", { name: "Delete selected" }).click();
  await expect(page.getByRole("checkbox", { name: "Two", exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(2);
  expect(await viewCount(page, "All")).toBe("2");
});

test("shortcuts: n for a new task, / to search, ? for the list", async ({ page, person }) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  await page.locator("body").press("n");
  await expect(page.getByLabel("Title", { exact: true })).toBeFocused();
  // Typed in a field, the keys are text.
  await page.keyboard.type("n/?");
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("n/?");
  await page.getByLabel("Title", { exact: true }).fill("");
  await page.getByRole("heading", { name: "Your tasks" }).click();
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search tasks")).toBeFocused();
  await page.getByRole("heading", { name: "Your tasks" }).click();
  await page.keyboard.press("?");
  const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Search tasks");
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
});

test("a task changed elsewhere is not overwritten: the edit is refused and the fresh task shown", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  const {
    api,
    created: [task],
  } = await dashboardWith(page, [{ title: "Original" }]);
  await expect(page.getByRole("checkbox", { name: "Original", exact: true })).toBeVisible();

  // The form opened on the version read; the task changes elsewhere, and the page even
  // hears of it (window focus) while the form is open: the edit is still refused.
  await page.getByRole("button", { name: "Edit Original" }).click();
  await api.rename(task.id, "Renamed on the phone");
  await page.evaluate(() => window.dispatchEvent(new Event("focus")));
  await page.getByLabel("Edit title").fill("Renamed on the laptop");
  await page.getByLabel("Edit title").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "changed elsewhere" })).toBeVisible();
  await expect(
    page.getByRole("checkbox", { name: "Renamed on the phone", exact: true }),
  ).toBeVisible();
  await expect(
    page.getByRole("checkbox", { name: "Renamed on the laptop", exact: true }),
  ).toHaveCount(0);

  // Edits in a row from this page never refuse each other.
  for (const completed of [true, false, true]) {
    await page
      .getByRole("checkbox", { name: "Renamed on the phone", exact: true })
      .setChecked(completed);
  }
  await expect(page.getByRole("status")).toContainText("Completed");
  await page.reload();
  await expect(
    page.getByRole("checkbox", { name: "Renamed on the phone", exact: true }),
  ).toBeChecked();
});

test("new tasks carry a due date, a priority and tags from the form", async ({ page, person }) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  await awayFromMidnight(page);
  const today = await dayFromToday(page, 0);
  await page.getByLabel("Title", { exact: true }).fill("Planned");
  await page.getByLabel("Due date", { exact: true }).fill(today);
  await page.getByLabel("Priority", { exact: true }).selectOption("medium");
  await page.getByLabel("Tags", { exact: true }).fill("Errands, errands");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByText("Tag repeats another one")).toBeVisible();
  await page.getByLabel("Tags", { exact: true }).fill("Errands, Town");
  await page.getByRole("button", { name: "Add task" }).click();
  const item = page.getByRole("listitem").filter({ hasText: "Planned" });
  await expect(item).toContainText("Due Today");
  await expect(item).toContainText("Medium priority");
  await expect(item).toContainText("#Errands");
  await expect.poll(() => viewCount(page, "Today")).toBe("1");

  await page.getByRole("button", { name: "Edit Planned" }).click();
  const editing = page.getByRole("form", { name: "Edit Planned" });
  await editing.getByLabel("Due date", { exact: true }).fill("");
  await editing.getByLabel("Priority", { exact: true }).selectOption("none");
  await editing.getByLabel("Tags", { exact: true }).fill("");
  await page.getByLabel("Edit title").press("Enter");
  await expect(item).not.toContainText("Due");
  await page.reload();
  await expect(page.getByRole("listitem").filter({ hasText: "Planned" })).not.toContainText("#");
  expect(await viewCount(page, "Today")).toBe("0");
});

test("a stale copy is never laundered: not by a bulk action, not by a delete", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  const {
    api,
    created: [kept, gone],
  } = await dashboardWith(page, [{ title: "Kept" }, { title: "Gone" }]);

  // The form opens on "Kept"; a phone renames it; a bulk action from here completes it.
  await page.getByRole("button", { name: "Edit Kept" }).click();
  await api.rename(kept.id, "Kept, renamed on the phone");
  await page.getByRole("button", { name: "Select all shown" }).click();
  await page.getByRole("button", { name: "Complete selected", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("Completed 2 tasks.");
  await page.getByLabel("Edit title").fill("Kept, renamed here");
  await page.getByLabel("Edit title").press("Enter");
  await expect(page.getByRole("alert").filter({ hasText: "changed elsewhere" })).toBeVisible();
  await expect(
    page.getByRole("checkbox", { name: "Kept, renamed on the phone", exact: true }),
  ).toBeVisible();

  // A delete refused as stale is not announced as done.
  await api.rename(gone.id, "Gone, renamed on the phone");
  await page.getByRole("button", { name: "Delete Gone" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Could not delete" })).toBeVisible();
  await expect(page.getByRole("status")).not.toContainText("Deleted");
  await expect(
    page.getByRole("checkbox", { name: "Gone, renamed on the phone", exact: true }),
  ).toBeVisible();
});

test("what was typed survives a refused create, and a failed refresh keeps the list", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await dashboardWith(page, [{ title: "Already here" }]);

  await page.route(
    (url) => url.origin === API_URL && url.pathname.endsWith("/tasks"),
    (route) =>
      route.request().method() === "GET"
        ? route.fulfill({ status: 503, contentType: "application/problem+json", body: "{}" })
        : route.fulfill({
            status: 422,
            contentType: "application/problem+json",
            headers: { "access-control-allow-origin": new URL(page.url()).origin },
            body: JSON.stringify({ title: "Refused", status: 422, detail: "Not today" }),
          }),
  );
  await page.getByLabel("Title", { exact: true }).fill("Typed with care");
  await page.getByLabel("Tags", { exact: true }).fill("one, two");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Not today" })).toBeVisible();
  await expect(page.getByLabel("Title", { exact: true })).toHaveValue("Typed with care");
  await expect(page.getByLabel("Tags", { exact: true })).toHaveValue("one, two");
  // The refusal fetched the list again, and that failed too: the list stays on screen.
  await expect(page.getByRole("checkbox", { name: "Already here", exact: true })).toBeVisible();
  await expect(page.getByText("Could not load your tasks")).toHaveCount(0);
});

test("keyboard: focus survives a task leaving the view; shortcuts work from a checkbox and can be turned off", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  const api = await apiOf(page);
  await api.create({ title: "Leaves the view" });
  await page.goto("/dashboard?status=pending", { waitUntil: "networkidle" });

  const checkbox = page.getByRole("checkbox", { name: "Leaves the view", exact: true });
  await checkbox.focus();
  await page.keyboard.press("/");
  await expect(page.getByLabel("Search tasks")).toBeFocused();
  await checkbox.focus();
  await page.keyboard.press("Space");
  await expect(checkbox).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Pending" })).toBeFocused();

  await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
  await page.getByLabel("Use these single-key shortcuts").uncheck();
  await page.getByRole("button", { name: "Close" }).click();
  await page.locator("body").press("n");
  await expect(page.getByLabel("Title", { exact: true })).not.toBeFocused();
  await page.reload({ waitUntil: "networkidle" });
  await page.locator("body").press("n");
  await expect(page.getByLabel("Title", { exact: true })).not.toBeFocused();
});

test("more than 100 selected: the bulk action says the limit instead of failing", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await page.goto("/dashboard");
  const api = await apiOf(page);
  await api.import(Array.from({ length: 101 }, (_, i) => ({ title: `Task ${i + 1}` })));
  await page.reload({ waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Show more" }).click();
  await page.getByRole("button", { name: "Show more" }).click();
  await expect(page.getByRole("checkbox", { name: DONE })).toHaveCount(101);
  await page.getByRole("button", { name: "Select all shown" }).click();
  await page.getByRole("button", { name: "Complete selected", exact: true }).click();
  await expect(page.getByRole("alert").filter({ hasText: "at most 100" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: DONE, checked: true })).toHaveCount(0);
});
