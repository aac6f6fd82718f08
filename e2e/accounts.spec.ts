import { API_URL, expect, newPerson, signUpByApi, test } from "./fixtures";

test("a taken email gets 'Email already registered'", async ({ page }) => {
  const person = await signUpByApi(page);
  await page.context().clearCookies();
  await page.goto("/signup");
  await page.getByLabel("Email").fill(person.email.toUpperCase());
  await page.getByLabel("Password").fill("another-password");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Email already registered")).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
});

test("a wrong password and an unknown email both get 'Invalid credentials'", async ({ page }) => {
  const person = await signUpByApi(page);
  await page.context().clearCookies();
  for (const [email, password] of [
    [person.email, "wrong-password"],
    [newPerson().email, person.password],
  ] as const) {
    await page.goto("/signin");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // (Next.js has a route announcer with the alert role too.)
    await expect(page.getByRole("alert").filter({ hasText: "Invalid credentials" })).toHaveText(
      "Invalid credentials",
    );
  }
});

test("a form sent before its script runs puts nothing in the URL, and says nothing was sent", async ({
  browser,
}) => {
  // JavaScript off: the same as a submit before the page's script has run.
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const [path, fields, button] of [
    ["/signin", { Email: "early@example.com", Password: "typed-too-early" }, "Sign in"],
    ["/signup", { Email: "early@example.com", Password: "typed-too-early" }, "Sign up"],
    ["/forgot-password", { Email: "early@example.com" }, "Send reset link"],
  ] as const) {
    await page.goto(path);
    for (const [label, value] of Object.entries(fields)) {
      await page.getByLabel(label, { exact: true }).fill(value);
    }
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await page.getByRole("button", { name: button, exact: true }).click();
    expect((await answer).status()).toBe(405);
    await expect(page.getByRole("heading", { name: "Nothing was sent" })).toBeVisible();
    expect(page.url()).not.toContain("typed-too-early");
    expect(page.url()).not.toContain("early%40example.com");
    await expect(page.getByRole("link", { name: "Open the page again" })).toHaveAttribute(
      "href",
      path,
    );
  }
  await context.close();
});

test("the form explains invalid input before sending it", async ({ page }) => {
  await page.goto("/signup");
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password").fill("short");
  await page.getByRole("button", { name: "Sign up" }).click();
  await expect(page.getByText("Invalid email format")).toBeVisible();
  await expect(page.getByText("Password must be at least 8 characters")).toBeVisible();
  await expect(page.getByLabel("Email")).toHaveAttribute("aria-invalid", "true");
});

test("two people never see each other's tasks", async ({ browser }) => {
  const alice = await browser.newPage();
  const bob = await browser.newPage();
  await signUpByApi(alice, newPerson("Alice"));
  await signUpByApi(bob, newPerson("Bob"));
  await alice.goto("/dashboard");
  await alice.getByLabel("Title", { exact: true }).fill("Alice's secret plan");
  await alice.getByRole("button", { name: "Add task" }).click();
  await expect(
    alice.getByRole("checkbox", { name: "Alice's secret plan", exact: true }),
  ).toBeVisible();

  await bob.goto("/dashboard");
  await expect(bob.getByText("No tasks yet")).toBeVisible();
  await expect(bob.getByText("Alice's secret plan")).toHaveCount(0);
  await alice.close();
  await bob.close();
});

test("a session ended on the server sends the open page to sign in", async ({ page, person }) => {
  await page.clock.install();
  // The page's own token, asked for after load, starts its renewal timer: wait for it, or
  // under load the clock could move on before the timer is set.
  const tokenFetched = page.waitForResponse((response) =>
    response.url().endsWith("/api/auth/token"),
  );
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await expect(page.getByText("No tasks yet")).toBeVisible();
  expect((await tokenFetched).status()).toBe(200);

  // The session ends elsewhere (sign-out from another device with the same session).
  const cookies = await page.context().cookies();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join("; ");
  const out = await page.request.fetch("/api/auth/sign-out", {
    method: "POST",
    headers: { cookie, origin: new URL(page.url()).origin, "content-type": "application/json" },
    data: {},
  });
  expect(out.status()).toBe(200);

  // The page renews its API token before it expires: that renewal finds the session gone.
  await page.clock.fastForward("15:00");
  await expect(page).toHaveURL(/\/signin\?expired=1&next=%2Fdashboard/);
  await expect(page.getByText("Your session has expired")).toBeVisible();
});

test("an API that refuses even a fresh token ends the session once, without a loop", async ({
  page,
  person,
  baseURL,
}) => {
  expect(person.email).toContain("@");
  await page.route(`${API_URL}/api/**`, (route) =>
    route.fulfill({
      status: 401,
      contentType: "application/problem+json",
      headers: {
        "access-control-allow-origin": baseURL ?? "",
        "www-authenticate": 'Bearer realm="tasks", error="invalid_token"',
      },
      body: JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401, detail: "" }),
    }),
  );
  await page.goto("/dashboard");
  await expect(page).toHaveURL(/\/signin\?expired=1/);
  await expect(page.getByText("Your session has expired")).toBeVisible();
  // The session was ended on the server: the sign-in page stays, it does not bounce back.
  await page.waitForTimeout(1_500);
  await expect(page).toHaveURL(/\/signin\?expired=1/);
  const session = await page.request.get("/api/auth/get-session");
  expect(await session.json()).toBeNull();
});

test("a change the API refuses with 401 is sent again, body and all, with a renewed token", async ({
  page,
  person,
  baseURL,
}) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Renewed");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("status")).toHaveText("Added “Renewed”.");

  const sent: (string | null)[] = [];
  await page.route(`${API_URL}/api/*/tasks/*/complete`, (route) => {
    sent.push(route.request().postData());
    if (sent.length > 1) return route.continue();
    return route.fulfill({
      status: 401,
      contentType: "application/problem+json",
      headers: { "access-control-allow-origin": baseURL ?? "" },
      body: JSON.stringify({ type: "about:blank", title: "Unauthorized", status: 401, detail: "" }),
    });
  });
  const renewal = page.waitForResponse((response) => response.url().endsWith("/api/auth/token"));
  await page.getByRole("checkbox", { name: "Renewed", exact: true }).check();
  expect((await renewal).status()).toBe(200);
  await expect(page.getByRole("status")).toHaveText("Completed “Renewed”.");
  expect(sent).toEqual(['{"completed":true}', '{"completed":true}']);
  await page.reload();
  await expect(page.getByRole("checkbox", { name: "Renewed", exact: true })).toBeChecked();
});

test("a page load after the session ended says so", async ({ page, person }) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  // The open page has fetched its API token (the list is rendered by the server, then asked
  // for once from the page): a token fetch still in flight after the sign-out would be
  // answered 401 with the session cookie cleared, racing the cookie put back below.
  await expect(page.getByText("No tasks yet")).toBeVisible();
  await page.waitForLoadState("networkidle");
  const cookies = await page.context().cookies();
  await page.request.fetch("/api/auth/sign-out", {
    method: "POST",
    headers: {
      cookie: cookies.map((c) => `${c.name}=${c.value}`).join("; "),
      origin: new URL(page.url()).origin,
      "content-type": "application/json",
    },
    data: {},
  });
  // Put the dead cookie back, as a browser that was not told would still hold it, and load
  // the page in a new tab (the open one may notice on its own first; that is the other test).
  await page.context().addCookies(cookies);
  const tab = await page.context().newPage();
  await tab.goto("/dashboard");
  await expect(tab).toHaveURL(/\/signin\?expired=1&next=%2Fdashboard/);
  await expect(tab.getByText("Your session has expired")).toBeVisible();
});

test("the page keeps its token out of storage and readable cookies", async ({ page, person }) => {
  await page.goto("/dashboard");
  await expect(page.getByText(person.name)).toBeVisible();
  await page.getByLabel("Title", { exact: true }).fill("Token check");
  await page.getByRole("button", { name: "Add task" }).click();
  await expect(page.getByRole("checkbox", { name: "Token check", exact: true })).toBeVisible();
  const stored = await page.evaluate(() => ({
    local: JSON.stringify({ ...localStorage }),
    session: JSON.stringify({ ...sessionStorage }),
    cookie: document.cookie,
  }));
  for (const value of Object.values(stored)) expect(value).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/);
  expect(stored.cookie).toBe("");
});
