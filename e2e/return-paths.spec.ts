/**
 * The return path after sign-in (SPEC R-P3) against the production server: whatever
 * `?next=` holds, the person ends up on this site.
 */
import { expect, test } from "./fixtures";

/** Each resolves, in a browser, to another host unless checked after resolution. */
const offSite = [
  "/.//x.example",
  "/..//x.example",
  "/a/..//x.example",
  "/%2e//x.example",
  "//x.example",
  "/\\x.example",
  "https://x.example/",
];

test("a signed-in person opening /signin is never sent to another site", async ({
  page,
  person,
  baseURL,
}) => {
  expect(person.email).toContain("@");
  for (const next of offSite) {
    const response = await page.request.get(`/signin?next=${encodeURIComponent(next)}`, {
      maxRedirects: 0,
    });
    expect(response.status(), next).toBe(307);
    const location = response.headers().location ?? "";
    expect(new URL(location, baseURL).origin, `${next} → ${location}`).toBe(
      new URL(baseURL ?? "").origin,
    );
  }
  const kept = await page.request.get(`/signin?next=${encodeURIComponent("/dashboard?x=1")}`, {
    maxRedirects: 0,
  });
  expect(kept.headers().location).toBe("/dashboard?x=1");
});

test("signing in from a crafted link lands on the dashboard", async ({ page, person, baseURL }) => {
  await page.context().clearCookies();
  await page.goto(`/signin?next=${encodeURIComponent("/.//x.example")}`);
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password").fill(person.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(`${baseURL}/dashboard`);
});
