import { expect, newPerson, test } from "./fixtures";

test("sign up, manage tasks, sign out, and be kept out", async ({ page }) => {
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
  await expect(page.getByRole("checkbox", { name: "Buy milk" })).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Call the bank");
  await page.getByLabel("Title", { exact: true }).press("Enter");
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("Added");

  // Edit: Escape cancels, Enter saves.
  await page.getByRole("button", { name: "Edit Buy milk" }).click();
  await expect(page.getByLabel("Edit title")).toHaveValue("Buy milk");
  await page.getByLabel("Edit title").fill("Buy oat milk");
  await page.getByLabel("Edit title").press("Escape");
  await expect(page.getByRole("checkbox", { name: "Buy milk" })).toBeVisible();
  await page.getByRole("button", { name: "Edit Buy milk" }).click();
  await page.getByLabel("Edit title").fill("Buy oat milk");
  await page.getByLabel("Edit title").press("Enter");
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toBeVisible();

  // Complete, then filter.
  await page.getByRole("checkbox", { name: "Buy oat milk" }).check();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toBeChecked();
  await page.getByRole("link", { name: /^Completed/ }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=completed$/);
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toHaveCount(0);
  await page.getByRole("link", { name: /^Pending/ }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toHaveCount(0);

  // The filter is in the URL, and the changes are on the server.
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toBeVisible();
  // Links from before the views took the API's word still land on the same view.
  await page.goto("/dashboard?filter=active");
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
  await expect(page.getByRole("link", { name: /^Pending/ })).toHaveAttribute(
    "aria-current",
    "page",
  );
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toHaveCount(0);
  await page.getByRole("link", { name: /^All/ }).click();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toBeChecked();

  // Delete, undo, delete again.
  await page.getByRole("button", { name: "Delete Call the bank" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toHaveCount(0);
  await page.getByRole("button", { name: "Undo delete" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toBeVisible();
  await page.getByRole("button", { name: "Delete Call the bank" }).click();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toHaveCount(0);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Buy oat milk" })).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Call the bank" })).toHaveCount(0);

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
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/dashboard\?status=pending$/);
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

test("the server refusing a change rolls it back with a message", async ({ page, person }) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Stable task");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Stable task" })).toBeVisible();

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
  await page.getByRole("checkbox", { name: "Stable task" }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Could not update the task" }),
  ).toBeVisible();
  await expect(page.getByRole("checkbox", { name: "Stable task" })).not.toBeChecked();
});
