/**
 * What the browser itself notices on every page (Lighthouse's best-practices audits, in a
 * test): the site's icon is served, and loading a page logs no error, throws nothing and
 * violates nothing in the Content-Security-Policy — not even a violation that the page's
 * code catches, which the console does not show but the browser still reports.
 */
import type { Page } from "@playwright/test";
import { API_URL } from "../playwright.config";
import { expect, test } from "./fixtures";

type Watched = Window & { cspViolations?: string[] };

/**
 * Console errors, uncaught exceptions and CSP violations from before the page's first script;
 * the returned function reads them all once the page has settled. Violations are kept in the
 * page and read back, so none can still be on its way when the test looks.
 */
async function watch(page: Page): Promise<() => Promise<string[]>> {
  const problems: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`exception: ${error.message}`));
  await page.addInitScript(() => {
    const seen: string[] = [];
    (window as Watched).cspViolations = seen;
    document.addEventListener("securitypolicyviolation", (event) => {
      const where = `${event.sourceFile}:${event.lineNumber}:${event.columnNumber}`;
      seen.push(`${event.effectiveDirective} blocked ${event.blockedURI || "inline"} at ${where}`);
    });
  });
  return async () => {
    await page.waitForLoadState("networkidle");
    const violations = await page.evaluate(() => (window as Watched).cspViolations ?? []);
    return [...problems, ...violations.map((violation) => `CSP: ${violation}`)];
  };
}

test("the site's icon is served: /favicon.ico and every <link rel=icon>", async ({
  page,
  request,
}) => {
  const favicon = await request.get("/favicon.ico");
  expect(favicon.status()).toBe(200);
  expect(favicon.headers()["content-type"]).toMatch(/^image\//);
  await page.goto("/signin");
  const icons = await page
    .locator('link[rel="icon"]')
    .evaluateAll((links) => links.map((link) => (link as HTMLLinkElement).href));
  expect(icons.length).toBeGreaterThan(0);
  for (const href of icons) {
    const icon = await request.get(href);
    expect(icon.status(), href).toBe(200);
    expect(icon.headers()["content-type"], href).toMatch(/^image\//);
  }
});

for (const path of ["/", "/signin", "/signup"]) {
  test(`${path} loads without console errors or CSP violations`, async ({ page }) => {
    const problems = await watch(page);
    await page.goto(path);
    expect(await problems()).toEqual([]);
  });
}

test("an address with no page is a 404 in the site's own style, without console errors or CSP violations", async ({
  page,
}) => {
  const problems = await watch(page);
  // Everything the page loads besides itself is there: no script or style is missing.
  const missing: string[] = [];
  page.on("response", (response) => {
    const request = response.request();
    if (response.status() >= 400 && !request.isNavigationRequest()) missing.push(response.url());
  });
  for (const path of ["/no-such-page", "/%2F%2Fevil.example", "/signin/nothing/here"]) {
    const answer = await page.goto(path);
    expect(answer?.status(), path).toBe(404);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Go to the start page" })).toHaveAttribute(
      "href",
      "/",
    );
    // The browser reports each page's own 404 as a console error; any other 404 is in `missing`.
    const own = /^console: Failed to load resource: .* 404 \(Not Found\)$/;
    expect(
      (await problems()).filter((problem) => !own.test(problem)),
      path,
    ).toEqual([]);
    expect(missing, path).toEqual([]);
  }
});

test("/dashboard with tasks loads without console errors or CSP violations", async ({
  page,
  person,
}) => {
  const session = await page.request.get("/api/auth/get-session");
  const { user } = (await session.json()) as { user: { id: string } };
  const { token } = (await (await page.request.get("/api/auth/token")).json()) as {
    token: string;
  };
  for (const title of ["Water the plants", "Pay rent"]) {
    const added = await page.request.post(`${API_URL}/api/${user.id}/tasks`, {
      headers: { authorization: `Bearer ${token}` },
      data: { title },
    });
    expect(added.status()).toBe(201);
  }
  const problems = await watch(page);
  await page.goto("/dashboard");
  await expect(page.getByRole("checkbox", { name: "Pay rent", exact: true })).toBeVisible();
  await expect(page.getByText(person.name)).toBeVisible();
  expect(await problems()).toEqual([]);
});
