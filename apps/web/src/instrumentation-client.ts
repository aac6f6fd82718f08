/**
 * Runs in the browser before any of the app's code (Next.js's instrumentation-client
 * convention). zod compiles object parsers with `new Function` when it may, and probes for
 * that on the first parse; under our Content-Security-Policy (no 'unsafe-eval', decision 011)
 * the probe throws and is caught, but Chromium still reports a CSP violation and an issue.
 * Parsing without the compiled fast path is the same parsing, for forms of a few fields.
 */
import { config } from "zod";

config({ jitless: true });
