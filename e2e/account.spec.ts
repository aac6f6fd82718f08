/**
 * /account in Chromium (SPEC R-S1–R-S3, R-S8, R-S9, R-M9): the header link, the name, the
 * password, the devices, the security activity, the download and deletion, by the names
 * SPEC gives them.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
import {
  API_URL,
  cutOffCode,
  expect,
  newPerson,
  type Person,
  scriptsLoaded,
  seriousViolations,
  signUpByApi,
  test,
} from "./fixtures";

/** A path only Better Auth's two-factor client plugin holds: its code has been fetched. */
const TWO_FACTOR_CLIENT = "/two-factor/generate-backup-codes";

/** A second device of `person`: its own browser context, signed in through the API. */
async function secondDevice(browser: Browser, person: Person, userAgent: string) {
  const context = await browser.newContext({ userAgent });
  const page = await context.newPage();
  const response = await page.request.post("/api/auth/sign-in/email", {
    data: { email: person.email, password: person.password },
    headers: { origin: test.info().project.use.baseURL ?? "" },
  });
  expect(response.status()).toBe(200);
  return page;
}

/** An API token of the page's session, and the status the API answers it with. */
async function apiStatus(page: Page, token?: string) {
  const jwt =
    token ??
    ((await (await page.request.get("/api/auth/token")).json()) as { token: string }).token;
  const claims = JSON.parse(Buffer.from(jwt.split(".")[1] ?? "", "base64url").toString());
  const response = await page.request.get(`${API_URL}/api/${claims.sub}/tasks/counts`, {
    headers: { authorization: `Bearer ${jwt}` },
  });
  return { token: jwt, status: response.status() };
}

const LINUX_FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";

test("the header links to /account, which shows the email and saves the name", async ({
  page,
  person,
}) => {
  await page.goto("/dashboard");
  await page.getByRole("link", { name: "Account" }).click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByRole("heading", { name: "Account", level: 1 })).toBeVisible();
  await expect(page.getByText(person.email, { exact: true })).toBeVisible();
  await expect(page.getByLabel("Name")).toHaveValue(person.name);
  await page.getByLabel("Name").fill("Grace Hopper");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Name saved." })).toBeVisible();
  await expect(page.getByRole("banner")).toContainText("Grace Hopper");
  expect(await seriousViolations(page)).toEqual([]);
});

test("a signed-out visitor of /account signs in and comes back to it", async ({ page }) => {
  const person = newPerson();
  await signUpByApi(page, person);
  await page.context().clearCookies();
  await page.goto("/account");
  await expect(page).toHaveURL(/\/signin\?next=%2Faccount$/);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
});

test("lists the devices, signs one out, then every other, and the API refuses them", async ({
  page,
  person,
  browser,
}) => {
  const phone = await secondDevice(browser, person, LINUX_FIREFOX);
  const tablet = await secondDevice(browser, person, LINUX_FIREFOX);
  const phoneApi = await apiStatus(phone);
  expect(phoneApi.status).toBe(200);
  await page.goto("/account");
  const devices = page.getByRole("region", { name: "Signed-in devices" }).getByRole("listitem");
  await expect(devices).toHaveCount(3);
  await expect(devices.filter({ hasText: "This device" })).toHaveCount(1);
  await expect(devices.filter({ hasText: "Firefox on Linux" })).toHaveCount(2);
  await expect(devices.first()).toContainText(/From \S+ · Started .+ · Last used .+/);

  await page.getByRole("button", { name: "Sign out Firefox on Linux" }).first().click();
  await expect(
    page.getByRole("status").filter({ hasText: "Signed out Firefox on Linux." }),
  ).toBeVisible();
  await expect(devices).toHaveCount(2);
  // The removed session's button took focus with it: the keyboard goes on from here.
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toBeFocused();
  // Two sessions on one kind of device share a name; their details tell them apart.
  await expect(
    page.getByRole("button", { name: "Sign out Firefox on Linux" }),
  ).toHaveAccessibleDescription(/^From \S+ · Started .+ · Last used .+/);
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await expect(devices).toHaveCount(1);
  await expect(page.getByRole("button", { name: "Sign out everywhere else" })).toBeDisabled();

  for (const other of [phone, tablet]) {
    await other.goto("/dashboard");
    await expect(other).toHaveURL(/\/signin/);
  }
  // Ended means ended: the phone's API token is refused within a second (R-S6).
  await expect
    .poll(async () => (await apiStatus(phone, phoneApi.token)).status, { timeout: 1_500 })
    .toBe(401);
  expect(await seriousViolations(page)).toEqual([]);
  await phone.context().close();
  await tablet.context().close();
});

test("changes the password: a wrong current one is named, the others are signed out", async ({
  page,
  person,
  browser,
}) => {
  const phone = await secondDevice(browser, person, LINUX_FIREFOX);
  await page.goto("/account");
  await page.getByLabel("Current password").fill("not my password");
  await page.getByLabel("New password").fill("a much better password");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByText("Current password is incorrect")).toBeVisible();

  await page.getByLabel("Current password").fill(person.password);
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Password changed." })).toBeVisible();
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/dashboard$/);
  await phone.goto("/dashboard");
  await expect(phone).toHaveURL(/\/signin/);
  await phone.context().close();
});

test("downloads my data: profile, sessions without tokens, every task, security activity", async ({
  page,
  person,
}) => {
  await page.goto("/dashboard");
  await page.getByLabel("Title", { exact: true }).fill("Water the plants");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Water the plants", exact: true })).toBeVisible();
  await page.goto("/account");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^tasks-my-data-\d{4}-\d{2}-\d{2}\.json$/);
  const text = await readFile((await download.path()) as string, "utf8");
  const data = JSON.parse(text);
  expect(data.profile).toMatchObject({ email: person.email, name: person.name });
  expect(data.sessions).toHaveLength(1);
  expect(data.sessions[0]).toMatchObject({ current: true });
  expect(data.sessions[0]).not.toHaveProperty("token");
  expect(data.tasks.map((t: { title: string }) => t.title)).toEqual(["Water the plants"]);
  expect(data).toMatchObject({
    passkeys: [],
    trustedDevices: [],
    twoFactor: { enabled: false, recoveryCodesLeft: null },
  });
  // The download is in the security log it carries, newest first (R-M9).
  expect(data.securityActivity.map((e: { type: string }) => e.type)).toEqual([
    "data.downloaded",
    "sign-in",
  ]);
  const cookie = (await page.context().cookies()).find((c) => c.name.includes("session_token"));
  expect(text).not.toContain(decodeURIComponent(cookie?.value ?? "x").split(".")[0]);
});

test("lists recent security activity, newest first: the sign-in, then the sign-up", async ({
  page,
  person,
}) => {
  await page.context().clearCookies();
  await page.goto("/account");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/account$/);
  const activity = page
    .getByRole("region", { name: "Recent security activity" })
    .getByRole("listitem");
  await expect(activity).toHaveCount(2);
  await expect(activity.first()).toContainText("Signed in with password");
  await expect(activity.first()).toContainText(/\d{2}:\d{2} UTC · Chrome on [\w ]+ · From \S+/);
  await expect(activity.nth(1)).toContainText("Account created, signed in with password");
});

test("deletes the account with the password, lands on / signed out", async ({ page, person }) => {
  await page.goto("/account");
  const { token } = await apiStatus(page);
  await page.getByRole("button", { name: "Delete account" }).click();
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("Password is required")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill("wrong password");
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page.getByText("Password is incorrect")).toBeVisible();
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole("link", { name: "Create an account" })).toBeVisible();
  await expect
    .poll(async () => (await apiStatus(page, token)).status, { timeout: 1_500 })
    .toBe(401);
  // The email is free again.
  await signUpByApi(page, person);
});

test("/account works at 360 px and by keyboard", async ({ page, person, browser }) => {
  const phone = await secondDevice(browser, person, LINUX_FIREFOX);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto("/account");
  await expect(page.getByRole("button", { name: "Sign out Firefox on Linux" })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByLabel("Name").focus();
  await page.keyboard.press("Tab");
  await expect(page.getByRole("button", { name: "Save name" })).toBeFocused();
  await page.getByRole("button", { name: "Sign out Firefox on Linux" }).focus();
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Sign out Firefox on Linux" })).toHaveCount(0);
  // The refreshed page is whole again (a CI run once checked it mid-refresh, titleless).
  await expect(page).toHaveTitle("Account · Tasks");
  expect(await seriousViolations(page)).toEqual([]);
  await phone.context().close();
});

test("a device's name is only what the browser parser knows, however the agent reads", async ({
  page,
  person,
}) => {
  const hostile = [
    "Tasks verified this sign-in - nothing to do/1 (x",
    `Mozilla/5.0 (X11; Linux x86_64) ${"A".repeat(6_000)}/1`,
    "Your account is safe, click Sign out everywhere/2.0",
  ];
  for (const userAgent of hostile) {
    const response = await page.request.post("/api/auth/sign-in/email", {
      data: { email: person.email, password: person.password },
      headers: { origin: test.info().project.use.baseURL ?? "", "user-agent": userAgent },
    });
    expect(response.status()).toBe(200);
  }
  await page.goto("/account");
  const devices = page.getByRole("region", { name: "Signed-in devices" }).getByRole("listitem");
  await expect(devices).toHaveCount(4);
  await expect(devices.filter({ hasText: "Unknown browser on Linux" })).toHaveCount(1);
  await expect(devices.filter({ hasText: "Unknown browser" })).toHaveCount(3);
  for (const text of ["Tasks verified", "AAAAAAAAAA", "account is safe"]) {
    await expect(page.getByText(text)).toHaveCount(0);
  }
  for (const button of await page.getByRole("button", { name: /^Sign out / }).all()) {
    expect((await button.textContent())?.length ?? 0).toBeLessThan(60);
  }
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: "Download my data" }).click(),
  ]);
  const data = await readFile((await download.path()) as string, "utf8");
  for (const text of ["Tasks verified", "AAAAAAAAAA", "account is safe"]) {
    expect(data).not.toContain(text);
  }
});

test("the sign-in page loads without the two-factor auth client; a form's focus fetches it", async ({
  page,
}) => {
  // A path only Better Auth's two-factor client plugin holds (lib/better-auth-client.ts);
  // Better Auth's core comes once idle with the passkey client, for the email's autofill.
  const loaded = scriptsLoaded(page);
  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  expect(await loaded(TWO_FACTOR_CLIENT)).toEqual([false]);
  await page.getByLabel("Email").focus();
  await expect.poll(() => loaded(TWO_FACTOR_CLIENT)).toEqual([true]);
});

test("a sign-in whose rules could not load says so; the next one signs in", async ({ page }) => {
  const person = newPerson();
  await signUpByApi(page, person);
  await page.context().clearCookies();
  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  const restoreCode = await cutOffCode(page);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(
    page.getByRole("alert").filter({ hasText: "Could not reach the server" }),
  ).toBeVisible();
  await restoreCode();
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
});
