/**
 * Runs in the browser before the app's code. zod's probe for `new Function` is refused by
 * our Content-Security-Policy (no 'unsafe-eval', decision 011), which Chromium reports.
 */
import { config } from "zod";

config({ jitless: true });
