/**
 * The production bundles of scripts/build.ts, by entry point: its source and its output,
 * paths from the repository root. Each output is one folder below its source's package
 * folder, so that the URLs the code builds from `import.meta.url` (`../migrations`,
 * `../.data`) point where they did.
 */
export const bundles = {
  launcher: { source: "scripts/start.ts", out: "dist/start.js" },
  migrate: { source: "packages/db/src/migrate-cli.ts", out: "packages/db/dist/migrate.js" },
  api: { source: "apps/api/src/index.ts", out: "apps/api/dist/index.js" },
  web: { source: "apps/web/server.ts", out: "apps/web/dist/server.js" },
} as const;
