/**
 * `npm run build`: the production build (decision 043). Next.js's build of the web app in
 * apps/web/.next, and one JavaScript bundle per Node entry point, made by esbuild, which
 * `npm start`, `npm run start:api`, `npm run start:web` and `npm run db:migrate` run with
 * plain `node` (no loader). Each bundle holds our own TypeScript (the workspace packages
 * included); everything in node_modules stays an import. With --if-stale, only what is
 * missing or older than its sources is made again (`npm start`, `npm run test:e2e`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { bundles } from "./build-outputs.ts";

const root = fileURLToPath(new URL("..", import.meta.url));

/** What every bundle may contain: a change here makes them all stale. */
const bundleSources = [
  "apps/api/src",
  "apps/web/server.ts",
  "apps/web/src/server",
  "apps/web/src/env.ts",
  "packages",
  "scripts",
  "package-lock.json",
];
const webSources = [
  "apps/web/src",
  "apps/web/server.ts",
  "apps/web/next.config.ts",
  "packages/contracts/src",
  "packages/db/src",
  "package-lock.json",
];

/** Bare imports stay imports, except our workspace packages, which are TypeScript sources. */
const dependenciesOutside: Plugin = {
  name: "dependencies-outside",
  setup(context) {
    context.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith("@tasks/") ? undefined : { path: args.path, external: true },
    );
  },
};

function newestChange(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stats = statSync(entry);
  if (!stats.isDirectory()) return stats.mtimeMs;
  let newest = stats.mtimeMs;
  for (const child of readdirSync(entry)) {
    if (child === "node_modules" || child === "dist" || child === ".next") continue;
    newest = Math.max(newest, newestChange(path.join(entry, child)));
  }
  return newest;
}

/** Whether `output` is missing or older than any of `sources` (paths from the root). */
function isStale(output: string, sources: readonly string[]): boolean {
  const target = path.join(root, output);
  if (!existsSync(target)) return true;
  const builtAt = statSync(target).mtimeMs;
  return sources.some((source) => newestChange(path.join(root, source)) > builtAt);
}

export async function buildBundles(): Promise<void> {
  await Promise.all(
    Object.entries(bundles).map(([name, { source, out }]) =>
      build({
        entryPoints: [path.join(root, source)],
        outfile: path.join(root, out),
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node24",
        sourcemap: true,
        logLevel: "warning",
        plugins: [dependenciesOutside],
        // Next.js's `dir` is server.ts's folder, one above its bundle.
        ...(name === "web"
          ? {
              define: { "import.meta.dirname": "webDir" },
              banner: {
                js: 'import { fileURLToPath as webDirOf } from "node:url"; const webDir = webDirOf(new URL("..", import.meta.url));',
              },
            }
          : {}),
      }),
    ),
  );
}

/** Whether Next.js's build is missing or older than the web app's sources. */
export const webBuildIsStale = () => isStale("apps/web/.next/BUILD_ID", webSources);

export function buildWeb(): void {
  const result = spawnSync("npm", ["run", "build", "--workspace", "@tasks/web"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) throw new Error("the web build failed");
}

/** Builds what is missing or stale (everything when `all`); `log` says what it builds. */
export async function buildProduct(all: boolean, log: (message: string) => void): Promise<void> {
  if (all || Object.values(bundles).some(({ out }) => isStale(out, bundleSources))) {
    log("bundling the services and the launcher");
    await buildBundles();
  }
  if (all || webBuildIsStale()) {
    log("building the web app (first start, or its sources changed)");
    buildWeb();
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const ifStale = process.argv.includes("--if-stale");
  await buildProduct(!ifStale, (message) => console.info(`[build] ${message}`)).catch(
    (error: unknown) => {
      console.error("[build] failed:", error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
