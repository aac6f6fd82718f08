import { API_URL, cutOffCode, expect, newPerson, scriptsLoaded, test } from "./fixtures";

test("sign up, manage tasks, sign out, and be kept out", async ({ page }) => {
  // Pages learn the session on the server: the browser never asks Better Auth for it.
  const sessionLookups: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).pathname === "/api/auth/get-session") {
      sessionLookups.push(request.url());
    }
  });
  const person = newPerson("Grace Hopper");
  await page.goto("/signup");
  await page.getByLabel("Name").fill(person.name);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign up" }).click();

  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(person.name)).toBeVisible();
  await expect(page.getByText("No tasks yet")).toBeVisible();

  // Add, with the button and with Enter.
  await page.getByLabel("Title", { exact: true }).fill("Buy milk");
  await page.getByLabel("Description", { exact: true }).fill("Two litres");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Buy milk", exact: true })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Call the bank");
  await page.getByLabel("Title", { exact: true }).press("Enter");
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Added");

  // Edit: Escape cancels, Enter saves.
  await page.getByRole("button", { name: "Edit Buy milk" }).click();
  await expect(page.getByLabel("Edit title")).toHaveValue("Buy milk");
  await page.getByLabel("Edit title").fill("Buy oat milk");
  await page.getByLabel("Edit title").press("Escape");
  await expect(page.getByRole("checkbox", { name: "Buy milk", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Edit Buy milk" }).click();
  await page.getByLabel("Edit title").fill("Buy oat milk");
  await page.getByLabel("Edit title").press("Enter");
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toBeVisible();

  // Complete, then filter.
  await page.getByRole("checkbox", { name: "Buy oat milk", exact: true }).check();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toBeChecked();
  await page.getByRole("link", { name: /^Completed/ }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=completed$/);
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: /^Pending/ }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toHaveCount(0);

  // The filter is in the URL, and the changes are on the server.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toBeVisible();
  // Links from before the views took the API's word still land on the same view.
  await page.goto("/dashboard?filter=active");
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
  await expect(page.getByRole("link", { name: /^Pending/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toHaveCount(0);
  await page.getByRole("link", { name: /^All/ }).click();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toBeChecked();

  // Delete, undo, delete again.
  await page.getByRole("button", { name: "Delete Call the bank" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toHaveCount(0);
  await page.getByRole("button", { name: "Undo delete" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Delete Call the bank" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk", exact: true })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Call the bank", exact: true })).toHaveCount(0);

  // Sign out ends the session, and the dashboard is closed to the signed-out visitor.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/signin$/);
  // Nothing of the session or its token was left in storage.
  expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);
  expect(await page.evaluate(() => document.cookie)).toBe("");
  await page.goto("/dashboard?status=pending");
  await expect(page).toHaveURL(/\/signin\?next=%2Fdashboard%3Fstatus%3Dpending$/);

  // Signing in again comes back to the page asked for.
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
  expect(sessionLookups).toEqual([]);
});

test("a signed-in person opening /signin or /signup goes to the dashboard", async ({
  page,
  person,
}) => {
  await page.goto("/signin");
  await expect(page).toHaveURL(/\/dashboard$/);
  await page.goto("/signup");
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByText(person.name)).toBeVisible();
});

test("a return path to another site is ignored", async ({ page, baseURL }) => {
  const person = newPerson();
  await page.goto("/signup?next=https://evil.test/");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
});

test("the dashboard's first page of tasks is in the page itself, shown without JavaScript (R-P7)", async ({
  browser,
  page,
  person,
}) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Shown without scripts");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status")).toHaveText("Added “Shown without scripts”.");
  const context = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
  });
  const plain = await context.newPage();
  await plain.goto("/dashboard");
  await expect(plain.getByRole("heading", { name: "Your tasks" })).toBeVisible();
  await expect(plain.getByText("Shown without scripts", { exact: true })).toBeVisible();
  await context.close();
});

test("the server refusing a change rolls it back with a message", async ({ page, person }) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Stable task");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Stable task", exact: true })).toBeVisible();

  await page.route("**/api/*/tasks/*/complete", (route) =>
    route.fulfill({
      status: 503,
      contentType: "application/problem+json",
      body: JSON.stringify({
        type: "about:blank",
        title: "Service unavailable",
        status: 503,
        detail: "Try again soon.",
      }),
    }),
  );
  await page.getByRole("checkbox", { name: "Stable task", exact: true }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Could not update the task" }),
  ).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Stable task", exact: true })).not.toBeChecked();
  // The earlier "Added …" is not left beside the failure.
  await expect(page.getByRole("status").filter({ hasText: "Added" })).toHaveCount(0);
});

test("a new task becomes the server's task in place: same element, no list refetch", async ({
  page,
  person,
}) => {
  const listFetches: string[] = [];
  const authRequests: string[] = [];
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (
      url.origin === API_URL &&
      request.method() === "GET" &&
      /^\/api\/[^/]+\/tasks$/.test(url.pathname)
    )
      listFetches.push(url.search);
    if (url.pathname.startsWith("/api/auth/"))
      authRequests.push(`${request.method()} ${url.pathname}`);
  });
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await expect(page.getByText("No tasks yet")).toBeVisible();
  // Rendered by the server, then asked for once from the browser (its token tried at load).
  await expect.poll(() => listFetches.length).toBe(1);

  // The server's answer is held back until the draft has been marked.
  let answer = () => {};
  const held = new Promise<void>((resolve) => {
    answer = resolve;
  });
  await page.route(
    (url) => url.origin === API_URL && url.pathname.endsWith("/tasks"),
    async (route) => {
      if (route.request().method() === "POST") await held;
      await route.continue();
    },
  );
  const created = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().endsWith("/tasks"),
  );
  await page.getByLabel("Title", { exact: true }).fill("Keep my element");
  await page.getByRole("button", { name: "Add task" }).click();
  const checkbox = page.getByRole("checkbox", { name: "Keep my element", exact: true });
  const edit = page.getByRole("button", { name: "Edit Keep my element" });
  await expect(checkbox).toBeDisabled(); // a draft until the server answers
  await expect(edit).toBeDisabled();
  const item = page.getByRole("listitem").filter({ has: checkbox });
  const draftElement = await item.elementHandle();
  await item.evaluate((element) => Object.assign(element, { markedAsDraft: true }));

  answer();
  const task = (await (await created).json()) as { id: string };
  await expect(checkbox).toBeEnabled();
  await expect(edit).toBeEnabled();
  expect(await item.evaluate((element) => "markedAsDraft" in element)).toBe(true);
  const savedElement = await item.elementHandle();
  expect(await page.evaluate(([a, b]) => a === b, [draftElement, savedElement])).toBe(true);

  // Its controls act on the server's id.
  const completed = page.waitForResponse((response) =>
    response.url().endsWith(`/tasks/${task.id}/complete`),
  );
  await checkbox.check();
  expect((await completed).status()).toBe(200);
  await expect(page.getByRole("status")).toContainText("Completed");

  // One list fetch (at load), one token fetch, no session lookups from the page.
  expect(listFetches).toHaveLength(1);
  expect(authRequests).toEqual(["GET /api/auth/token"]);
});

test("a task added while the list is being fetched is there once it has loaded", async ({
  page,
  person,
}) => {
  // The browser's first list fetch (after the server-rendered page) is held back until
  // the new task has been saved.
  let saved = () => {};
  const held = new Promise<void>((resolve) => {
    saved = resolve;
  });
  let lists = 0;
  await page.route(
    (url) => url.origin === API_URL && url.pathname.endsWith("/tasks"),
    async (route) => {
      if (route.request().method() === "GET" && ++lists === 1) await held;
      await route.continue();
    },
  );
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await expect.poll(() => lists).toBe(1);
  const created = page.waitForResponse(
    (response) => response.request().method() === "POST" && response.url().endsWith("/tasks"),
  );
  await page.getByLabel("Title", { exact: true }).fill("Added early");
  await page.getByRole("button", { name: "Add task" }).click();
  expect((await created).status()).toBe(201);
  saved();
  await expect(page.getByRole("checkbox", { name: "Added early", exact: true })).toBeEnabled();
  await expect(page.getByRole("link", { name: /^All/ })).toContainText("1");
});

test("the dashboard gets its API token without loading Better Auth's client", async ({
  page,
  person,
}) => {
  // A path only Better Auth's client holds (its two-factor plugin, lib/better-auth-client.ts).
  const scripts = scriptsLoaded(page);
  const token = page.waitForResponse((response) => response.url().endsWith("/api/auth/token"));
  const list = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.origin === API_URL && url.pathname.endsWith("/tasks") && response.ok();
  });
  await page.goto("/dashboard");
  expect((await token).status()).toBe(200);
  await list; // the list fetched again at load, with that token
  await expect(page.getByText(person.name)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await scripts("/two-factor/generate-backup-codes")).toEqual([false]);
});

test("the task forms' rules load when a form is first used, not with the page; an add offline waits for the network", async ({
  page,
  context,
  person,
}) => {
  // A message only the contracts' schemas hold, and a name only zod's schema classes do.
  const rules = ["Priority must be none, low, medium or high", "ZodObject"];
  const scripts = scriptsLoaded(page);
  const loaded = () => scripts(...rules);
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(await loaded()).toEqual([false, false]);

  const title = page.getByLabel("Title", { exact: true });
  await title.focus();
  await expect.poll(loaded).toEqual([true, true]);
  await context.setOffline(true);
  await title.fill("Written offline");
  await title.press("Enter");
  const checkbox = page.getByRole("checkbox", { name: "Written offline", exact: true });
  await expect(checkbox).toBeDisabled(); // a draft until the server has it
  await context.setOffline(false);
  await expect(checkbox).toBeEnabled();
  await expect(page.getByRole("status")).toContainText("Added");
});

test("a task form whose rules could not load keeps what was typed; the next submit loads them", async ({
  page,
  person,
}) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.waitForLoadState("networkidle");
  const restoreCode = await cutOffCode(page);
  const title = page.getByLabel("Title", { exact: true });
  await title.fill("Kept through a failed load");
  await title.press("Enter");
  await expect(page.getByText("the page lost its connection")).toBeVisible();
  await expect(title).toHaveValue("Kept through a failed load");
  await expect(
    page.getByRole("checkbox", { name: "Kept through a failed load", exact: true }),
  ).toHaveCount(0);

  await restoreCode();
  await title.press("Enter");
  await expect(
    page.getByRole("checkbox", { name: "Kept through a failed load", exact: true }),
  ).toBeEnabled();
  await expect(title).toHaveValue("");
});

test("an edit cancelled while its rules load is not saved", async ({ page, person }) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Kept as it was");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Kept as it was", exact: true })).toBeEnabled();
  // A new page has not loaded the rules; hold them while the edit is sent and cancelled.
  await page.reload();
  await page.waitForLoadState("networkidle");
  let release = () => {};
  const held = new Promise<void>((resolve) => {
    release = resolve;
  });
  await page.route("**/_next/static/**", async (route) => {
    await held;
    await route.continue();
  });
  await page.getByRole("button", { name: "Edit Kept as it was" }).click();
  await page.getByLabel("Edit title").fill("Changed then cancelled");
  await page.getByLabel("Edit title").press("Enter");
  await page.getByLabel("Edit title").press("Escape");
  await expect(page.getByLabel("Edit title")).toHaveCount(0);
  const changes: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "PUT" || request.method() === "PATCH") changes.push(request.url());
  });
  release();
  // An add waits for the same rules: once it is saved, the cancelled check has finished too.
  await page.getByLabel("Title", { exact: true }).fill("Added after the cancel");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(
    page.getByRole("checkbox", { name: "Added after the cancel", exact: true }),
  ).toBeEnabled();
  expect(changes).toEqual([]);
  await expect(page.getByRole("checkbox", { name: "Kept as it was", exact: true })).toBeVisible();
  await page.unroute("**/_next/static/**");
});
