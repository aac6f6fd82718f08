/**
 * Two-step verification in Chromium (SPEC R-M1–R-M3, R-M8): set up on /account with the QR code
 * and the secret, recovery codes shown once and downloaded, the second step at sign-in with a
 * code or a recovery code, trusted devices, and turning it off. Codes are computed here from the
 * secret the page shows, as an authenticator app would (RFC 6238).
 */
import { readFile } from "node:fs/promises";
import { base32 } from "@better-auth/utils/base32";
import { createOTP } from "@better-auth/utils/otp";
import type { Page, Response } from "@playwright/test";
import { expect, type Person, seriousViolations, test } from "./fixtures";

const PERIOD_MS = 30_000;
const stepNow = () => Math.floor(Date.now() / PERIOD_MS);

/** A person's authenticator app: codes from the base32 secret, each 30-second step used once. */
function authenticator(secret: string) {
  const otp = createOTP(base32.decode(secret), { period: 30, digits: 6 });
  let lastStep = -1;
  return {
    /** The code of a step not used yet, waiting for the next step if this one was (R-M3). */
    async code(): Promise<string> {
      while (stepNow() <= lastStep) await new Promise((r) => setTimeout(r, 500));
      lastStep = stepNow();
      return otp.totp();
    },
    /** A code that is none of the accepted ones (previous, current, next step). */
    async wrongCode(): Promise<string> {
      const accepted = new Set(await Promise.all([-1, 0, 1].map((i) => otp.hotp(stepNow() + i))));
      let code = 0;
      while (accepted.has(String(code).padStart(6, "0"))) code++;
      return String(code).padStart(6, "0");
    },
  };
}

const section = (page: Page) => page.getByRole("region", { name: "Two-step verification" });

/** Sets up the authenticator app on /account; the codes are downloaded, the app returned. */
async function setUpTwoFactor(page: Page, person: Person) {
  await page.goto("/account");
  const region = section(page);
  await region.getByRole("button", { name: "Set up authenticator app" }).click();
  await region.getByLabel("Password").fill(person.password);
  await region.getByRole("button", { name: "Continue" }).click();
  await expect(
    region.getByRole("img", { name: "QR code for your authenticator app" }),
  ).toBeVisible();
  const shown = (await region.locator("code").textContent()) ?? "";
  expect(shown).toMatch(/^([A-Z2-7]{4} )+[A-Z2-7]{1,4}$/);
  const app = authenticator(shown.replaceAll(" ", ""));
  await region.getByLabel("Verification code").fill(await app.code());
  await region.getByRole("button", { name: "Turn on" }).click();
  await expect(
    region.getByRole("status").filter({ hasText: "Two-step verification is on." }),
  ).toBeVisible();
  const codes = await region
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .allTextContents();
  expect(codes).toHaveLength(10);
  return { app, codes, region };
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin/);
}

async function signInWithPassword(page: Page, person: Person) {
  await page.goto("/signin");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * After a recovery code: the page says how many are left when the answer says, then goes
 * on to the dashboard. Returns what it said, or null.
 */
async function finishRecoverySignIn(page: Page): Promise<string | null> {
  const left = page.getByRole("status").filter({ hasText: /recovery codes? left/ });
  await expect(left.or(page.getByRole("button", { name: "Sign out", exact: true }))).toBeVisible();
  const said = (await left.isVisible()) ? await left.textContent() : null;
  if (said !== null) await page.getByRole("link", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  return said;
}

const hasSession = async (page: Page) =>
  (await page.context().cookies()).some((c) => c.name.endsWith("session_token"));

test("setup shows a QR code and the secret, turns on after a right code, and shows recovery codes once", async ({
  page,
  person,
}) => {
  // The QR code library is not in /account's scripts until setup starts.
  const scripts: Promise<string>[] = [];
  const collect = (response: Response) => {
    if (response.request().resourceType() === "script")
      scripts.push(response.text().catch(() => ""));
  };
  page.on("response", collect);
  await page.goto("/account");
  await page.waitForLoadState("networkidle");
  const QR_LIBRARY_TEXT = "Mask value out of range";
  expect((await Promise.all(scripts)).some((s) => s.includes(QR_LIBRARY_TEXT))).toBe(false);

  const region = section(page);
  await expect(region.getByText("Two-step verification is off.")).toBeVisible();
  await region.getByRole("button", { name: "Set up authenticator app" }).click();
  await region.getByLabel("Password").fill("not-my-password");
  await region.getByRole("button", { name: "Continue" }).click();
  // Announced as an error, and the keyboard goes on from the field it names (R-P5).
  await expect(region.getByRole("alert")).toHaveText("Password is incorrect");
  await expect(region.getByLabel("Password")).toBeFocused();
  await region.getByLabel("Password").fill(person.password);
  await region.getByRole("button", { name: "Continue" }).click();
  await expect(
    region.getByRole("img", { name: "QR code for your authenticator app" }),
  ).toBeVisible();
  expect((await Promise.all(scripts)).some((s) => s.includes(QR_LIBRARY_TEXT))).toBe(true);
  page.off("response", collect);

  const secret = ((await region.locator("code").textContent()) ?? "").replaceAll(" ", "");
  expect(secret).toMatch(/^[A-Z2-7]{52}$/); // 32 random bytes' worth, base32
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 900, height: 900 });
  await region.screenshot({ path: "docs/images/two-step-setup.png" });

  const app = authenticator(secret);
  await region.getByLabel("Verification code").fill(await app.wrongCode());
  await region.getByRole("button", { name: "Turn on" }).click();
  await expect(region.getByRole("alert")).toContainText("That code is not right");
  await region.getByLabel("Verification code").fill(await app.code());
  await region.getByRole("button", { name: "Turn on" }).click();
  await expect(
    region.getByRole("status").filter({ hasText: "Two-step verification is on." }),
  ).toBeVisible();

  const codes = await region
    .getByRole("list", { name: "Recovery codes" })
    .getByRole("listitem")
    .allTextContents();
  expect(codes).toHaveLength(10);
  expect(new Set(codes).size).toBe(10);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    region.getByRole("link", { name: "Download codes" }).click(),
  ]);
  expect(download.suggestedFilename()).toBe("tasks-recovery-codes.txt");
  const file = await readFile((await download.path()) as string, "utf8");
  for (const code of codes) expect(file).toContain(code);
  expect(await seriousViolations(page)).toEqual([]);

  await region.getByRole("button", { name: "Done" }).click();
  await expect(region.getByRole("list", { name: "Recovery codes" })).toHaveCount(0);
  // Shown once: after a reload the page has no way to show them again.
  await page.reload();
  await expect(section(page).getByText("Two-step verification is on:")).toBeVisible();
  await expect(section(page).getByText(codes[0] as string)).toHaveCount(0);
  await expect(
    section(page).getByRole("button", { name: "Turn off two-step verification" }),
  ).toBeVisible();
});

test("sign-in asks for the code: a wrong one is refused with no session, the right one signs in", async ({
  page,
  person,
}) => {
  test.setTimeout(120_000);
  const { app } = await setUpTwoFactor(page, person);
  await signOut(page);
  await signInWithPassword(page, person);
  const code = page.getByLabel("Verification code");
  await expect(code).toBeFocused();
  await expect(
    page.getByRole("checkbox", { name: "Trust this device for 30 days", exact: true }),
  ).not.toBeChecked();
  expect(await hasSession(page)).toBe(false);
  expect(await seriousViolations(page)).toEqual([]);

  await code.fill(await app.wrongCode());
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("That code is not right");
  expect(await hasSession(page)).toBe(false);
  expect((await page.request.get("/api/auth/get-session")).status()).toBe(200);
  expect(await (await page.request.get("/api/auth/get-session")).json()).toBeNull();
  expect((await page.request.get("/api/auth/token")).status()).toBe(401);

  await code.fill(await app.code()); // waits for a step not used when turning it on
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  expect(await hasSession(page)).toBe(true);
});

test("a recovery code signs in once; a used one is refused", async ({ page, person }) => {
  const { codes } = await setUpTwoFactor(page, person);
  const [first, second] = codes as [string, string];
  await signOut(page);
  await signInWithPassword(page, person);
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(first);
  await page.getByRole("button", { name: "Verify" }).click();
  const said = await finishRecoverySignIn(page);
  expect(said).toContain("You have 9 recovery codes left.");

  await signOut(page);
  await signInWithPassword(page, person);
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(first);
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(
    "That recovery code is not right",
  );
  await page.getByLabel("Recovery code").fill(second);
  await page.getByRole("button", { name: "Verify" }).click();
  const saidAgain = await finishRecoverySignIn(page);
  expect(saidAgain).toContain("You have 8 recovery codes left.");
});

test("a trusted device skips the step, is listed on /account and removable; then two-step is turned off", async ({
  page,
  person,
}) => {
  const { codes } = await setUpTwoFactor(page, person);
  await signOut(page);
  await signInWithPassword(page, person);
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[0] as string);
  await page.getByRole("checkbox", { name: "Trust this device for 30 days", exact: true }).check();
  await page.getByRole("button", { name: "Verify" }).click();
  await finishRecoverySignIn(page);

  // Trusted: the password alone signs in.
  await signOut(page);
  await signInWithPassword(page, person);
  await expect(page).toHaveURL(/\/dashboard$/);

  await page.goto("/account");
  const region = section(page);
  const devices = region.getByRole("listitem");
  await expect(devices).toHaveCount(1);
  await expect(devices.first()).toContainText("Trusted");
  await expect(devices.first()).toContainText("Last used");
  expect(await seriousViolations(page)).toEqual([]);
  await region.getByRole("button", { name: /^Remove / }).click();
  await expect(
    region.getByRole("status").filter({ hasText: "is no longer trusted" }),
  ).toBeVisible();
  await expect(region.getByText("No device skips the second step.")).toBeVisible();
  await expect(region.getByRole("heading", { name: "Trusted devices" })).toBeFocused();

  // No longer trusted: the step is asked again.
  await signOut(page);
  await signInWithPassword(page, person);
  await expect(page.getByLabel("Verification code")).toBeVisible();
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await page.getByLabel("Recovery code").fill(codes[1] as string);
  await page.getByRole("button", { name: "Verify" }).click();
  await finishRecoverySignIn(page);

  await page.goto("/account");
  await region.getByRole("button", { name: "Turn off two-step verification" }).click();
  await region.getByLabel("Password").fill(person.password);
  await region.getByRole("button", { name: "Turn off" }).click();
  await expect(
    region.getByRole("status").filter({ hasText: "Two-step verification is off." }),
  ).toBeVisible();
  await expect(region.getByRole("button", { name: "Set up authenticator app" })).toBeVisible();
  await signOut(page);
  await signInWithPassword(page, person);
  await expect(page).toHaveURL(/\/dashboard$/);
});

test("?setup=two-factor says why and focuses setup; the second step fits 360 px", async ({
  page,
  person,
}) => {
  await page.goto("/account?setup=two-factor");
  const region = section(page);
  await expect(
    region.getByRole("status").filter({ hasText: "asks everyone to use two-step verification" }),
  ).toBeVisible();
  await expect(region.getByRole("button", { name: "Set up authenticator app" })).toBeFocused();

  await setUpTwoFactor(page, person);
  await page.setViewportSize({ width: 360, height: 740 });
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await signOut(page);
  await signInWithPassword(page, person);
  await expect(page.getByLabel("Verification code")).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
  await page.getByRole("link", { name: "Use a recovery code" }).click();
  await expect(page.getByLabel("Recovery code")).toBeFocused();
  expect(await seriousViolations(page)).toEqual([]);
});
