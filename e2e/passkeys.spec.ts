/**
 * Passkeys in Chromium (SPEC R-M5, R-M6) with its virtual authenticator (CDP WebAuthn domain):
 * added on /account, used on /signin (button and autofill), shown with their last use, removed;
 * an authenticator that does not verify the person can neither add one nor sign in with it.
 */
import type { CDPSession, Page } from "@playwright/test";
import { cutOffCode, expect, scriptsLoaded, seriousViolations, test } from "./fixtures";

interface Authenticator {
  cdp: CDPSession;
  authenticatorId: string;
}

/** A platform authenticator holding discoverable credentials, verifying the person or not. */
async function virtualAuthenticator(page: Page, isUserVerified = true): Promise<Authenticator> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

/** A string of @simplewebauthn/browser's, which the passkey client bundles. */
const WEBAUTHN_LIBRARY = "ceremony was sent an abort signal";

/** Whether a script the page has fetched so far carries the WebAuthn library. */
function watchScripts(page: Page): () => Promise<boolean> {
  const loaded = scriptsLoaded(page);
  return async () => (await loaded(WEBAUTHN_LIBRARY))[0] === true;
}

const passkeysSection = (page: Page) => page.getByRole("region", { name: "Passkeys" });

async function addPasskey(page: Page, name: string) {
  await page.goto("/account");
  const section = passkeysSection(page);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Passkey name").fill(name);
  await section.getByRole("button", { name: "Save passkey" }).click();
}

/**
 * Holds the page's idle-time work until the test calls `window.runIdle()`: the email field's
 * passkey autofill starts then, and a virtual authenticator that simulates the person's presence
 * completes its ceremony by itself, which would sign in before a click on the button under test.
 */
async function holdIdleWork(page: Page) {
  await page.addInitScript(() => {
    const idle = window as unknown as { runIdle?: () => void };
    window.requestIdleCallback = (callback) => {
      idle.runIdle = () => callback({ didTimeout: false, timeRemaining: () => 50 });
      return 1;
    };
    window.cancelIdleCallback = () => undefined;
  });
}

async function signOut(page: Page) {
  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await expect(page).toHaveURL(/\/signin$/);
}

test("adds a passkey, signs in with it, shows its last use, and removes it", async ({
  page,
  person,
}) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  // The button is what this test signs in with; the autofill has tests of its own.
  await holdIdleWork(page);
  await page.goto("/account");
  await expect(passkeysSection(page)).toContainText("You have no passkeys yet.");
  await addPasskey(page, "Laptop");
  const section = passkeysSection(page);
  await expect(section.getByRole("status")).toHaveText("Passkey “Laptop” saved.");
  const laptop = section.getByRole("listitem").filter({ hasText: "Laptop" });
  await expect(laptop).toContainText(/Added \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC · Last used Never/);
  // A discoverable credential, listed under the email (what the browser's chooser shows).
  const { credentials } = await cdp.send("WebAuthn.getCredentials", { authenticatorId });
  expect(credentials).toHaveLength(1);
  expect(credentials[0]?.isResidentCredential).toBe(true);
  expect(credentials[0]?.userName).toBe(person.email);
  expect(await seriousViolations(page)).toEqual([]);

  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("banner")).toContainText(person.name);

  await page.goto("/account");
  await expect(laptop).toContainText(/Last used \d{1,2} \w{3} \d{4}, \d\d:\d\d UTC/);
  await section.getByRole("button", { name: "Remove Laptop" }).click();
  // A passkey's sign-in is not the password a sensitive change needs (R-M7).
  await section.getByLabel("Confirm your password").fill(person.password);
  await section.getByRole("button", { name: "Confirm" }).click();
  await expect(section.getByRole("status")).toHaveText("Removed Laptop.");
  await expect(laptop).toHaveCount(0);
  await expect(section).toContainText("You have no passkeys yet.");

  // The authenticator still holds the credential; the server no longer knows it.
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText("not known here");
  await expect(page).toHaveURL(/\/signin$/);
});

test("the email field's autofill signs in with the passkey the browser offers", async ({
  page,
  person,
}) => {
  await virtualAuthenticator(page);
  await holdIdleWork(page);
  await addPasskey(page, "Laptop");
  await expect(passkeysSection(page).getByRole("status")).toHaveText("Passkey “Laptop” saved.");
  await signOut(page);
  await page.waitForFunction(() => typeof (window as { runIdle?: unknown }).runIdle === "function");
  // The virtual authenticator answers the autofill's ceremony as a person choosing the passkey.
  await page.evaluate(() => (window as unknown as { runIdle: () => void }).runIdle());
  await expect(page).toHaveURL(/\/dashboard$/);
  await expect(page.getByRole("banner")).toContainText(person.name);
});

test("the email field's autofill, starting late, never cancels the button's ceremony", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  const { cdp, authenticatorId } = await virtualAuthenticator(page);
  await addPasskey(page, "Laptop");
  await expect(passkeysSection(page).getByRole("status")).toHaveText("Passkey “Laptop” saved.");
  // The page's idle moment comes when the test says (a busy phone's comes late).
  await holdIdleWork(page);
  await signOut(page);
  await page.waitForFunction(() => typeof (window as { runIdle?: unknown }).runIdle === "function");

  // The button's ceremony waits for the person at the authenticator; the autofill starts then.
  await cdp.send("WebAuthn.setAutomaticPresenceSimulation", { authenticatorId, enabled: false });
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Waiting for your passkey" }),
  ).toHaveCount(1);
  await page.evaluate(() => (window as unknown as { runIdle: () => void }).runIdle());
  await page.waitForLoadState("networkidle");
  // Still the button's ceremony, waiting for the person: nothing aborted it.
  await expect(
    page.getByRole("status").filter({ hasText: "Waiting for your passkey" }),
  ).toHaveCount(1);
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);
});

test("a passkey change that gets no answer says so and leaves the list usable", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await virtualAuthenticator(page);
  await addPasskey(page, "Phone");
  const section = passkeysSection(page);
  await expect(section.getByRole("status")).toHaveText("Passkey “Phone” saved.");
  await page.route("**/api/auth/passkey/delete-passkey", (route) => route.abort());
  const remove = section.getByRole("button", { name: "Remove Phone" });
  await remove.click();
  await expect(section.getByRole("alert")).toHaveText(
    "Could not reach the server. Check your connection and try again.",
  );
  await expect(remove).toBeEnabled();
  await page.unroute("**/api/auth/passkey/delete-passkey");
  await remove.click();
  await expect(section.getByRole("status")).toHaveText("Removed Phone.");
});

test("on /account the passkey client is fetched only once 'Add a passkey' is clicked", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  const fetchedLibrary = watchScripts(page);
  await page.goto("/account");
  await page.waitForLoadState("networkidle");
  expect(await fetchedLibrary()).toBe(false);
  await passkeysSection(page).getByRole("button", { name: "Add a passkey" }).click();
  await expect(passkeysSection(page).getByLabel("Passkey name")).toBeVisible();
  expect(await fetchedLibrary()).toBe(true);
});

test("the sign-in page offers passkeys in the email field's autofill, once loaded", async ({
  browser,
}) => {
  // Without conditional mediation nothing is fetched for passkeys until the button is used.
  const plain = await browser.newContext();
  const page = await plain.newPage();
  await page.addInitScript(() => {
    Object.defineProperty(PublicKeyCredential, "isConditionalMediationAvailable", {
      value: async () => false,
    });
  });
  const fetchedLibrary = watchScripts(page);
  await page.goto("/signin");
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(2500);
  expect(await fetchedLibrary()).toBe(false);
  await plain.close();

  // With it, the page asks the server for a challenge by itself, once idle, for the autofill.
  const context = await browser.newContext();
  const autofill = await context.newPage();
  const library = watchScripts(autofill);
  const challenge = autofill.waitForRequest(/\/api\/auth\/passkey\/generate-authenticate-options/);
  await autofill.goto("/signin");
  await expect(autofill.getByLabel("Email")).toHaveAttribute("autocomplete", "username webauthn");
  await challenge;
  expect(await library()).toBe(true);
  await context.close();
});

test("the email field's autofill failing in the background shows no error", async ({ browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  // The autofill's challenge fails (the server refusing or unreachable): nobody asked for it.
  let refused = 0;
  await page.route("**/api/auth/passkey/generate-authenticate-options", (route) => {
    refused += 1;
    return route.fulfill({ status: 500, json: { message: "Internal Server Error" } });
  });
  await page.goto("/signin");
  await expect.poll(() => refused).toBe(1);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(0);

  // The button is the person asking: the same failure is told.
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toHaveCount(1);
  await context.close();
});

test("without user verification, adding a passkey and signing in with one are refused", async ({
  page,
  person,
}) => {
  const { cdp, authenticatorId } = await virtualAuthenticator(page, false);
  await addPasskey(page, "Old key");
  const section = passkeysSection(page);
  await expect(section.getByRole("alert")).toContainText(/verify you/);
  await expect(section.getByRole("listitem")).toHaveCount(0);
  // The busy button had dropped focus: the keyboard goes on from it, to try again.
  await expect(section.getByRole("button", { name: "Save passkey" })).toBeFocused();

  // Added while it verified the person, then used without: refused.
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: true });
  await section.getByRole("button", { name: "Save passkey" }).click();
  await expect(section.getByRole("status")).toHaveText("Passkey “Old key” saved.");
  await expect(section.getByRole("button", { name: "Add a passkey" })).toBeFocused();
  await cdp.send("WebAuthn.setUserVerified", { authenticatorId, isUserVerified: false });
  await signOut(page);
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  await expect(page.getByRole("main").getByRole("alert")).toContainText(/verify you/);
  await expect(page.getByRole("button", { name: "Sign in with a passkey" })).toBeFocused();
  await expect(page).toHaveURL(/\/signin$/);
  expect((await page.context().cookies()).map((c) => c.name)).not.toContain(
    "better-auth.session_token",
  );
  expect(person.email).toContain("@");
});

test("adding a passkey whose code could not load says so; the next try saves it", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await virtualAuthenticator(page);
  const loaded = scriptsLoaded(page);
  await page.goto("/account");
  // Better Auth's client is loaded (a form's focus fetches it); the passkey code is not.
  await page.getByLabel("Name", { exact: true }).focus();
  await expect.poll(() => loaded("/two-factor/generate-backup-codes")).toEqual([true]);
  const section = passkeysSection(page);
  const restoreCode = await cutOffCode(page);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Passkey name").fill("Laptop");
  await section.getByRole("button", { name: "Save passkey" }).click();
  await expect(section.getByRole("alert")).toHaveText(
    "Could not reach the server. Check your connection and try again.",
  );
  await restoreCode();
  await section.getByRole("button", { name: "Save passkey" }).click();
  await expect(section.getByRole("status")).toHaveText("Passkey “Laptop” saved.");
});

test("adding a passkey before any auth code could load says so; the next try goes on", async ({
  page,
  person,
}) => {
  expect(person.email).toContain("@");
  await virtualAuthenticator(page);
  await page.goto("/account");
  await page.waitForLoadState("networkidle");
  const section = passkeysSection(page);
  const restoreCode = await cutOffCode(page);
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await expect(section.getByRole("alert")).toHaveText(
    "Could not reach the server. Check your connection and try again.",
  );
  await restoreCode();
  await section.getByRole("button", { name: "Add a passkey" }).click();
  await section.getByLabel("Passkey name").fill("Laptop");
  await section.getByRole("button", { name: "Save passkey" }).click();
  await expect(section.getByRole("status")).toHaveText("Passkey “Laptop” saved.");
});
