/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
 * time, the most inclusive time, and self time by area (package, Node internals, app code).
 *
 *   node --import tsx scripts/bench/profile-summary.ts /tmp/profile.cpuprofile [top]
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Entry {
  name: string;
  ms: number;
  share: number;
}

export interface ProfileSummary {
  /** Sampled time, idle excluded. */
  busyMs: number;
  idleMs: number;
  self: Entry[];
  inclusive: Entry[];
  areas: Entry[];
}

const repoRoot = fileURLToPath(new URL("../..", import.meta.url));
const SPECIAL = new Set(["(idle)", "(program)", "(garbage collector)", "(root)"]);

function location(url: string): string {
  const path = url.replace(/^file:\/\//, "").replace(repoRoot, "");
  const inModules = path.lastIndexOf("node_modules/");
  return inModules >= 0 ? path.slice(inModules + "node_modules/".length) : path;
}

function label({ functionName, url, lineNumber }: CallFrame): string {
  const name = functionName || "(anonymous)";
  if (SPECIAL.has(name) || !url) return name;
  return `${name} ${location(url)}:${lineNumber + 1}`;
}

function area({ functionName, url }: CallFrame): string {
  if (SPECIAL.has(functionName) || !url) return functionName || "(native)";
  if (url.startsWith("node:")) return "node internals";
  const path = location(url);
  if (url.includes("node_modules/")) {
    const parts = path.split("/");
    return parts[0]?.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] ?? path);
  }
  if (path.startsWith("apps/") || path.startsWith("packages/"))
    return "app code (apps/, packages/)";
  return path;
}

function ranked(totals: Map<string, number>, busyMs: number, top: number): Entry[] {
  return [...totals]
    .map(([name, ms]) => ({ name, ms, share: ms / busyMs }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);
}

/** Samples within `window` (µs, monotonic clock) only, when given: e.g. one load phase. */
export interface Window {
  fromUs: number;
  toUs: number;
}

export function summarise(profile: CpuProfile, top = 20, window?: Window): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);

  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const areas = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);
  let idleMs = 0;
  let busyMs = 0;
  let at = profile.startTime;

  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (window && (at < window.fromUs || at > window.toUs)) return;
    // timeDeltas[i + 1] is the time until the next sample: the time spent in this one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    if (node.callFrame.functionName === "(idle)") {
      idleMs += ms;
      return;
    }
    busyMs += ms;
    add(self, label(node.callFrame), ms);
    add(areas, area(node.callFrame), ms);
    const seen = new Set<string>();
    for (let up: number | undefined = id; up !== undefined; up = parent.get(up)) {
      const frame = byId.get(up)?.callFrame;
      if (!frame || SPECIAL.has(frame.functionName)) continue;
      const key = label(frame);
      if (!seen.has(key)) add(inclusive, key, ms);
      seen.add(key);
    }
  });
  return {
    busyMs,
    idleMs,
    self: ranked(self, busyMs, top),
    inclusive: ranked(inclusive, busyMs, top),
    areas: ranked(areas, busyMs, top),
  };
}

export function readProfile(path: string): CpuProfile {
  return JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
}

export function formatSummary(summary: ProfileSummary): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const section = (title: string, entries: Entry[]) =>
    [
      title,
      ...entries.map(
        (e) => `  ${pct(e.share)} ${e.ms.toFixed(0).padStart(7)} ms  ${e.name.slice(0, 110)}`,
      ),
    ].join("\n");
  return [
    `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms (shares are of busy time)`,
    section("Self time by area:", summary.areas),
    section("Top self time:", summary.self),
    section("Top inclusive time:", summary.inclusive),
  ].join("\n\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    console.error("usage: profile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  console.info(formatSummary(summarise(readProfile(file), Number(top ?? 20))));
}
