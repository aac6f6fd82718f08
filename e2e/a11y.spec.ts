import { expect, seriousViolations, test } from "./fixtures";

test.describe("accessibility (axe: no serious or critical violations)", () => {
  for (const path of [
    "/",
    "/signin",
    "/signup",
    "/signin?expired=1",
    "/forgot-password",
    "/reset-password?token=unknown",
    "/reset-password",
  ]) {
    test(`signed out: ${path}`, async ({ page }) => {
      await page.goto(path);
      expect(await seriousViolations(page)).toEqual([]);
    });
  }

  test("the form with its error messages", async ({ page }) => {
    await page.goto("/signup");
    await page.getByRole("button", { name: "Sign up" }).click();
    await expect(page.getByText("Invalid email format")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("the dashboard, empty, with tasks, and while editing", async ({ page, person }) => {
    await page.goto("/dashboard");
    await expect(page.getByText("No tasks yet")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    for (const title of ["Water the plants", "Pay rent"]) {
      await page.getByLabel("Title", { exact: true }).fill(title);
      await page.getByRole("button", { name: "Add task" }).click();
      await expect(page.getByRole("checkbox", { name: title, exact: true })).toBeVisible();
    }
    await page.getByRole("checkbox", { name: "Pay rent", exact: true }).check();
    await expect(page.getByRole("status")).toContainText("Completed");
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Edit Water the plants" }).click();
    expect(await seriousViolations(page)).toEqual([]);
    expect(person.email).toContain("@");
  });

  test("the account page, and its delete form open", async ({ page, person }) => {
    await page.goto("/account");
    await expect(page.getByText(person.email, { exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole("button", { name: "Delete account" }).click();
    await page.getByRole("button", { name: "Delete my account" }).click();
    await expect(page.getByText("Password is required")).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    await page.emulateMedia({ colorScheme: "dark" });
    expect(await seriousViolations(page)).toEqual([]);
  });

  test("dark mode", async ({ page, person }) => {
    await page.emulateMedia({ colorScheme: "dark" });
    await page.goto("/dashboard");
    await expect(page.getByText(person.name)).toBeVisible();
    await page.getByLabel("Title", { exact: true }).fill("Night owl");
    await page.getByRole("button", { name: "Add task" }).click();
    await expect(page.getByRole("checkbox", { name: "Night owl", exact: true })).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
  });
});

test("sign in and add a task with the keyboard alone", async ({ page, person }) => {
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Email")).toBeFocused();
  await page.keyboard.type(person.email);
  await page.keyboard.press("Tab");
  await expect(page.getByLabel("Password")).toBeFocused();
  await page.keyboard.type(person.password);
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/dashboard$/);

  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).focus();
  await page.keyboard.type("Typed without a mouse");
  await page.keyboard.press("Enter");
  const checkbox = page.getByRole("checkbox", { name: "Typed without a mouse", exact: true });
  await expect(checkbox).toBeEnabled(); // saved: no longer a draft
  await checkbox.focus();
  await page.keyboard.press("Space");
  await expect(checkbox).toBeChecked();
  // Focus is visible: the ring is drawn on the focused control.
  const outline = await checkbox.evaluate((element) => getComputedStyle(element).outlineStyle);
  expect(outline).not.toBe("none");
});

test.describe("small screens", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the dashboard fits 360 px without sideways scrolling", async ({ page, person }) => {
    await page.goto("/dashboard");
    await expect(page.getByText(person.name)).toBeVisible();
    for (const title of ["A task with a rather long title that has to wrap on a phone", "Short"]) {
      await page.getByLabel("Title", { exact: true }).fill(title);
      await page.getByRole("button", { name: "Add task" }).click();
      await expect(page.getByRole("checkbox", { name: title, exact: true })).toBeVisible();
    }
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(360);
    await expect(page.getByRole("button", { name: "Sign out" })).toBeInViewport();
    await page.screenshot({ path: "docs/images/dashboard-phone.png", fullPage: true });
  });

  test("a page stays put while the rest of it arrives (no layout shift)", async ({ page }) => {
    // A browser paints while it parses: what arrives later must not move what is shown.
    const pages = ["/", "/signin", "/signup", "/forgot-password", "/reset-password?token=x"];
    for (const path of [...pages, "/no-such-page"]) {
      await page.goto(path);
      const heading = page.getByRole("heading", { level: 1 });
      const before = await heading.boundingBox();
      await page.evaluate(() => {
        const more = document.createElement("div");
        more.style.height = "300px";
        document.querySelector("main")?.append(more);
      });
      expect(await heading.boundingBox(), path).toEqual(before);
    }
  });

  test("the sign-in page fits 360 px", async ({ page }) => {
    await page.goto("/signin");
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      360,
    );
  });
});

test("desktop screenshot for the README", async ({ page, person }) => {
  await page.setViewportSize({ width: 1100, height: 760 });
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  for (const [title, description] of [
    ["Renew passport", "Photos are in the desk drawer"],
    ["Book dentist appointment", ""],
    ["Send the quarterly report", "Numbers from finance first"],
  ]) {
    await page.getByLabel("Title", { exact: true }).fill(title as string);
    if (description) await page.getByLabel("Description", { exact: true }).fill(description);
    await page.getByRole("button", { name: "Add task" }).click();
    await expect(page.getByRole("checkbox", { name: title as string, exact: true })).toBeVisible();
  }
  await page.getByRole("checkbox", { name: "Book dentist appointment", exact: true }).check();
  await expect(
    page.getByRole("checkbox", { name: "Book dentist appointment", exact: true }),
  ).toBeChecked();
  await page.waitForLoadState("networkidle");
  // The whole page, header to the last task: the last click had scrolled the viewport down.
  await page.screenshot({ path: "docs/images/dashboard-desktop.png", fullPage: true });
});
