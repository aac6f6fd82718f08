/**
 * An earlier commit's code, runnable beside this one for before/after figures:
 *
 *   node --import tsx scripts/bench/worktree.ts <commit> <dir>
 *   npm run bench -- --only api --compare-api <dir>
 *
 * A git worktree at <dir>, with a node_modules that shares this checkout's packages but
 * points the workspace packages (@tasks/*) at the worktree's own sources.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, symlinkSync } from "node:fs";
import path from "node:path";
import { root } from "../processes.ts";

const [commit, target] = process.argv.slice(2);
if (!commit || !target) {
  console.error("usage: worktree.ts <commit> <dir>");
  process.exit(2);
}
const dir = path.resolve(target);
const git = spawnSync("git", ["worktree", "add", "--detach", dir, commit], {
  cwd: root,
  stdio: "inherit",
});
if (git.status !== 0) process.exit(git.status ?? 1);

const shared = path.join(root, "node_modules");
const modules = path.join(dir, "node_modules");
mkdirSync(path.join(modules, "@tasks"), { recursive: true });
for (const entry of readdirSync(shared)) {
  if (entry !== "@tasks") symlinkSync(path.join(shared, entry), path.join(modules, entry));
}
for (const workspace of readdirSync(path.join(shared, "@tasks"))) {
  const where = readdirSync(path.join(dir, "apps")).includes(workspace) ? "apps" : "packages";
  symlinkSync(path.join(dir, where, workspace), path.join(modules, "@tasks", workspace));
}
console.info(`${commit} is at ${dir}; remove it with: git worktree remove --force ${dir}`);
