/**
 * Browser-test fixtures: a fresh person per test, signed up through the real auth service,
 * with the session cookie placed in the browser context.
 */
import { randomUUID } from "node:crypto";
import AxeBuilder from "@axe-core/playwright";
import { test as base, expect, type Page } from "@playwright/test";
import { API_URL } from "../playwright.config";

export { API_URL, expect };

export interface Person {
  name: string;
  email: string;
  password: string;
}

export function newPerson(name = "Ada Lovelace"): Person {
  return { name, email: `e2e-${randomUUID()}@example.com`, password: `pw-${randomUUID()}` };
}

/** Signs up through the API (not the form) and puts the session cookie in the page's context. */
export async function signUpByApi(page: Page, person: Person = newPerson()): Promise<Person> {
  const baseURL = test.info().project.use.baseURL ?? "";
  const response = await page.request.post("/api/auth/sign-up/email", {
    data: person,
    headers: { origin: baseURL },
  });
  expect(response.status()).toBe(200);
  return person;
}

/**
 * Watches the scripts `page` fetches from now on; the answer tells, for each text given (a
 * string only one module holds), whether a fetched script holds it: what a page has loaded.
 */
export function scriptsLoaded(page: Page): (...texts: string[]) => Promise<boolean[]> {
  const scripts: Promise<string>[] = [];
  page.on("response", (response) => {
    // A body the browser no longer holds (the page went on) counts as no script.
    if (response.request().resourceType() === "script")
      scripts.push(response.text().catch(() => ""));
  });
  return async (...texts) => {
    const fetched = await Promise.all(scripts);
    return texts.map((text) => fetched.some((script) => script.includes(text)));
  };
}

/**
 * Cuts the page off from the app's code (`/_next/static`), as going offline after the page
 * loaded does; the answer brings it back.
 */
export async function cutOffCode(page: Page): Promise<() => Promise<void>> {
  const code = "**/_next/static/**";
  await page.route(code, (route) => route.abort("internetdisconnected"));
  return () => page.unroute(code);
}

/**
 * axe violations of the serious and critical kinds on the current page, once settled: a
 * refresh under way (router.refresh after a change) re-renders the head, title included.
 */
export async function seriousViolations(page: Page) {
  await page.waitForLoadState("networkidle");
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

export const test = base.extend<{ person: Person }>({
  /** Every page fails its test if the Content-Security-Policy blocked anything on it. */
  page: async ({ page }, use) => {
    const violations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy|Refused to (load|execute|apply|connect)/i.test(message.text())) {
        violations.push(message.text());
      }
    });
    await use(page);
    expect(violations, "CSP violations").toEqual([]);
  },
  person: async ({ page }, use) => {
    await use(await signUpByApi(page));
  },
});
