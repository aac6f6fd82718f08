/**
 * Debian's Chromium, for the browser tests (playwright.config.ts) and the page audit
 * (scripts/audit-pages.ts): where it is, and the flags it runs with here. Nothing ever
 * downloads a browser; CHROMIUM_PATH names another one.
 */
import { existsSync } from "node:fs";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/**
 * Headless, as root, with no calls to Google's services: this machine's network is
 * closed, and Chromium would otherwise try them at every start.
 */
export const CHROMIUM_FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** Stops with a message saying what to install when Chromium is missing. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM_PATH}: apt-get install -y chromium, or set CHROMIUM_PATH`,
    );
  }
  return CHROMIUM_PATH;
}
