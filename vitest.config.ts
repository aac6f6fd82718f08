import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      // Next.js resolves these; under Vitest, server-only code runs in plain Node.
      "server-only": here("./apps/web/src/server/testing/server-only-stub.ts"),
      "@/": here("./apps/web/src/"),
    },
  },
  test: {
    include: [
      "apps/*/src/**/*.test.ts",
      "apps/*/*.test.ts",
      "packages/*/src/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    setupFiles: ["./vitest.setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
