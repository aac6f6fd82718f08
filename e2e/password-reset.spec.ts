/**
 * A forgotten password in Chromium (SPEC R-S4, R-S5): "Forgot password?" on /signin, the
 * same answer for any email, the link received by a real SMTP server, /reset-password,
 * every session ended, and a used link refused.
 */
import {
  resetLinkIn,
  type SmtpInbox,
  startSmtpInbox,
} from "../apps/web/src/server/testing/smtp-inbox";
import { SMTP_PORT } from "../playwright.config";
import { expect, newPerson, seriousViolations, signUpByApi, test } from "./fixtures";

let inbox: SmtpInbox;
test.beforeAll(async () => {
  inbox = await startSmtpInbox(SMTP_PORT);
});
test.afterAll(() => inbox?.close());

const ANSWER = "If an account exists for that email, a reset link is on its way";

test("from sign-in to a new password, by the mailed link", async ({ page, browser }) => {
  const person = newPerson();
  await signUpByApi(page, person);
  const other = await browser.newPage();
  await signUpByApi(other, newPerson()); // its own person: unaffected
  await page.context().clearCookies();
  const stillSignedIn = await browser.newContext();
  const stillPage = await stillSignedIn.newPage();
  await stillPage.request.post("/api/auth/sign-in/email", {
    data: { email: person.email, password: person.password },
    headers: { origin: test.info().project.use.baseURL ?? "" },
  });

  await page.goto("/signin");
  await page.getByRole("link", { name: "Forgot password?" }).click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel("Email").fill(person.email);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: ANSWER })).toBeVisible();

  await expect.poll(() => inbox.to(person.email).length, { timeout: 5_000 }).toBe(1);
  const link = resetLinkIn(inbox.to(person.email)[0] ?? { from: "", to: [], raw: "" }) ?? "";
  expect(link).toMatch(/\/reset-password\?token=/);
  await page.goto(link);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByLabel("New password").fill("my brand new password");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText("Your password has been reset")).toBeVisible();
  await stillPage.goto("/dashboard");
  await expect(stillPage).toHaveURL(/\/signin/);

  await page.goto(link);
  await page.getByLabel("New password").fill("yet another password");
  await page.getByRole("button", { name: "Reset password" }).click();
  await expect(page.getByText("This reset link has expired or was already used")).toBeVisible();

  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill("my brand new password");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await other.close();
  await stillSignedIn.close();
});

test("an unknown email gets the very same answer, and no mail", async ({ page }) => {
  const stranger = newPerson().email;
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/forgot-password");
  await page.getByLabel("Email").fill(stranger);
  await page.getByRole("button", { name: "Send reset link" }).click();
  await expect(page.getByRole("status").filter({ hasText: ANSWER })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.waitForTimeout(500);
  expect(inbox.to(stranger)).toEqual([]);
});
