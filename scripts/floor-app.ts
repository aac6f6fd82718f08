/**
 * The audit's floor (issue 21): a minimal app on the product's own Next.js (scripts/floor:
 * one static page, one client form with `useState`), built and served in production mode
 * the way web is, so each page's figures stand beside what the framework alone costs.
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { launch, root, type Service } from "./processes.ts";

const NEXT = path.join(root, "node_modules/next/dist/bin/next");
const FLOOR_DIR = path.join(root, "scripts/floor");

/** The floor's pages: `/` stands beside the product's static pages, `/form` beside its forms. */
export const FLOOR_PAGES = ["/", "/form"] as const;

/** Builds the floor (about 20 s) and serves it on 127.0.0.1:`port`; throws when either fails. */
export async function startFloor(port: number): Promise<Service> {
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
  const build = spawnSync(process.execPath, [NEXT, "build", FLOOR_DIR], { env, encoding: "utf8" });
  if (build.status !== 0) throw new Error(`the floor app did not build:\n${build.stderr}`);
  return launch({
    name: "floor",
    entry: path.relative(root, NEXT),
    args: ["start", FLOOR_DIR, "--port", String(port), "--hostname", "127.0.0.1"],
    port,
    healthPath: "/",
    env: { NODE_ENV: "production", NEXT_TELEMETRY_DISABLED: "1" },
  });
}
