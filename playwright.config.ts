/**
 * Browser tests (`npm run test:e2e`): Debian's Chromium, driven by Playwright, against the
 * product started as `npm start` starts it, on a fresh embedded database. Playwright never
 * downloads a browser here.
 */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { defineConfig, devices } from "@playwright/test";
import { CHROMIUM_FLAGS, requireChromium } from "./scripts/chromium.ts";

const chromium = requireChromium();

/**
 * Ports 3100/8100 and 3200/8200, shifted by E2E_PORT_OFFSET so that two checkouts on one
 * machine can run their browser tests at the same time.
 */
const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
export const WEB_URL = `http://localhost:${3100 + offset}`;
export const API_URL = `http://localhost:${8100 + offset}`;
/** A second instance with the default sign-in limits, for the throttling tests. */
export const THROTTLED_WEB_URL = `http://localhost:${3200 + offset}`;
/** Where the first instance sends mail: e2e/password-reset.spec.ts listens there. */
export const SMTP_PORT = 2525 + offset;

const instance = (webPort: number, apiPort: number, extra: Record<string, string> = {}) => ({
  command: "npm start",
  url: `http://127.0.0.1:${webPort}/api/ready`,
  timeout: 300_000,
  reuseExistingServer: false,
  stdout: "ignore" as const,
  stderr: "pipe" as const,
  gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
  env: {
    DATA_DIR: mkdtempSync(path.join(tmpdir(), "tasks-e2e-")),
    WEB_PORT: String(webPort),
    API_PORT: String(apiPort),
    WEB_URL: `http://localhost:${webPort}`,
    API_URL: `http://localhost:${apiPort}`,
    LOG_LEVEL: "warn",
    ...extra,
  },
});

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    baseURL: WEB_URL,
    trace: "off",
    launchOptions: {
      executablePath: chromium,
      args: CHROMIUM_FLAGS,
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  webServer: [
    // Many sign-ups from one address in a few minutes: the limit is raised for this one.
    instance(3100 + offset, 8100 + offset, {
      AUTH_RATE_LIMIT_MAX: "10000",
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      MAIL_FROM: "Tasks <tasks@example.test>",
    }),
    instance(3200 + offset, 8200 + offset),
  ],
});
