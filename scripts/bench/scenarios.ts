/** The API scenarios (rows 1–3 and 6 of the table) and what they share with the others. */
import os from "node:os";
import type { TestIssuer } from "../../apps/api/src/testing/issuer.ts";
import type { Service } from "../processes.ts";
import type { Person } from "./database.ts";
import { importPerson } from "./import.ts";
import {
  expectJson,
  type LoadOptions,
  type LoadResult,
  measureInTurns,
  measureLoad,
} from "./load.ts";
import { type ApiOptions, startApi, startBare } from "./services.ts";
import { type ResultRow, ratio } from "./table.ts";

export interface Phase {
  connections: number;
  /** Measured time per target, split over the rounds. */
  durationSeconds: number;
  warmupSeconds: number;
  /** How many turns the list targets take (load.ts, measureInTurns). */
  rounds: number;
}

export interface Context {
  issuer: TestIssuer;
  phase: Phase;
  apiLogLevel: string;
  log: (message: string) => void;
  /** Other checkouts whose APIs join the list turns, as rows 1b, 1c, ... (before/after). */
  compareCheckouts: string[];
}

export interface DataSet {
  small: Person;
  large: Person;
  /** Imported through the API right before the list phase (rows 3i–3ti, import.ts). */
  imported?: Person;
  all: Person[];
}

const LIST_LIMIT = 50;

/** Runs `use` with a started service, and stops the service whatever happens. */
export async function withService<T>(
  starting: Promise<Service>,
  use: (service: Service) => Promise<T>,
): Promise<T> {
  const service = await starting;
  try {
    return await use(service);
  } finally {
    await service.stop();
  }
}

export function checked<T extends LoadResult>(name: string, result: T): T {
  if (result.failures > 0) throw new Error(`${name}: ${result.failures} failed requests`);
  return result;
}

/** 1-minute load average, logged before each phase: other work on the machine skews results. */
export const loadAverage = () => `load avg ${os.loadavg()[0]?.toFixed(2)}`;

/**
 * GET /api/{user}/tasks?limit=50 (and `query`: filters, a sort) with a valid token (or
 * none, for the floor), checked once: a full page.
 */
export async function listTarget(
  ctx: Context,
  service: Service,
  person: Person,
  withToken: boolean,
  query = "",
): Promise<LoadOptions> {
  const url = `${service.url}/api/${person.id}/tasks?limit=${LIST_LIMIT}${query ? `&${query}` : ""}`;
  const headers: Record<string, string> = withToken
    ? { authorization: `Bearer ${await ctx.issuer.sign(person.id)}` }
    : {};
  await expectJson<{ tasks: unknown[] }>(url, headers, (body) => body.tasks.length === LIST_LIMIT);
  return { url, headers, pid: service.child.pid, ...ctx.phase };
}

/** One list target measured on its own (the profile run). */
export async function listLoad(ctx: Context, service: Service, person: Person, withToken: boolean) {
  const target = await listTarget(ctx, service, person, withToken);
  ctx.log(
    `${service.name}: list of ${LIST_LIMIT}, person with ${person.tasks} tasks (${loadAverage()})`,
  );
  return checked(service.name, await measureLoad(target));
}

export const loadRow = (
  key: string,
  scenario: string,
  group: ResultRow["group"],
  result: LoadResult,
): ResultRow => ({
  key,
  scenario,
  group,
  rps: result.rps,
  cpuUs: result.cpuPerRequestUs,
  p50: result.p50,
  tail: result.p99,
  tailLabel: "p99",
});

export const apiOptions = (
  ctx: Context,
  databaseUrl: string,
  extra: Partial<ApiOptions> = {},
): ApiOptions => ({
  databaseUrl,
  jwksUrl: ctx.issuer.jwksUrl,
  logLevel: ctx.apiLogLevel,
  ...extra,
});

/** A list target and how its result becomes a row (rows 1, 2 and 3 are the references). */
interface ListTarget {
  key: string;
  load: LoadOptions;
  row: (
    result: LoadResult,
    api: LoadResult,
    floor: LoadResult,
    large: LoadResult,
    byKey: (key: string) => LoadResult,
  ) => ResultRow;
}

/**
 * Rows 3q–3d: a page of each filter shape for the person with 10,000 tasks (seeded by
 * database.ts: a word in one title of eight, a tag on one task of five, priorities in turn,
 * four in five dated), against row 3, the plain page for the same person.
 */
const FILTER_SHAPES: [key: string, query: string, scenario: string][] = [
  ["3q", "q=golf", "q=golf (1 task in 8 matches)"],
  ["3t", "tag=work", "tag=work (1 in 5)"],
  ["3p", "priority=high&status=pending", "priority=high&status=pending (1 in 4)"],
  ["3d", "sort=due", "sort=due (undated last)"],
];

/** Rows 3i–3ti: the imported person's plain page, search and tag, against the seeded ones. */
const IMPORTED_SHAPES: [key: string, query: string, scenario: string, later: string][] = [
  ["3i", "", "plain", "3"],
  ["3qi", "q=golf", "q=golf", "3q"],
  ["3ti", "tag=work", "tag=work", "3t"],
];

/**
 * Rows 1–3 and 6, measured in turns (load.ts): the API's list, the floor, the list for
 * a person with 10,000 tasks, and the API's list on the embedded database (when given),
 * every one seeded with the same data; then rows 1b, 1c, ... for other checkouts.
 */
export async function listRows(
  ctx: Context,
  postgresUrl: string,
  embeddedUrl: string | undefined,
  data: DataSet,
): Promise<ResultRow[]> {
  const services: Service[] = [];
  const started = async (starting: Promise<Service>) => {
    const service = await starting;
    services.push(service);
    return service;
  };
  try {
    const api = await started(startApi(apiOptions(ctx, postgresUrl)));
    const bare = await started(startBare(postgresUrl));
    const targets: ListTarget[] = [
      {
        key: "1",
        load: await listTarget(ctx, api, data.small, true),
        row: (result) => loadRow("1", "API list 50 (PostgreSQL)", "api", result),
      },
      {
        key: "2",
        load: await listTarget(ctx, bare, data.small, false),
        row: (result, small) => ({
          ...loadRow("2", "floor: node:http + pg, same SQL", "floor", result),
          note: `API/floor = ${ratio(small.rps, result.rps).toFixed(2)}`,
        }),
      },
      {
        key: "3",
        load: await listTarget(ctx, api, data.large, true),
        row: (result, small) => ({
          ...loadRow("3", "API list 50, person with 10,000 tasks", "api", result),
          note: `${ratio(result.rps, small.rps).toFixed(2)}× row 1`,
        }),
      },
      ...(await Promise.all(
        FILTER_SHAPES.map(async ([key, query, scenario]) => ({
          key,
          load: await listTarget(ctx, api, data.large, true, query),
          row: (result: LoadResult, _small: LoadResult, _floor: LoadResult, large: LoadResult) => ({
            ...loadRow(key, `API list 50, 10,000 tasks, ${scenario}`, "api", result),
            note: `${ratio(result.rps, large.rps).toFixed(2)}× row 3`,
          }),
        })),
      )),
    ];
    if (data.imported) {
      const person = data.imported;
      await importPerson(ctx, api, person, postgresUrl);
      for (const [key, query, scenario, later] of IMPORTED_SHAPES) {
        targets.push({
          key,
          load: await listTarget(ctx, api, person, true, query),
          row: (result, _small, _floor, _large, byKey) => ({
            ...loadRow(key, `right after importing 10,000 tasks, ${scenario}`, "api", result),
            note: `${ratio(result.rps, byKey(later).rps).toFixed(2)}× row ${later}${key === "3i" ? "" : `; ${ratio(result.rps, byKey("3i").rps).toFixed(2)}× row 3i`}`,
          }),
        });
      }
    }
    if (embeddedUrl) {
      const embedded = await started(startApi(apiOptions(ctx, embeddedUrl, { embedded: true })));
      targets.push({
        key: "6",
        load: await listTarget(ctx, embedded, data.small, true),
        row: (result, small) => ({
          ...loadRow("6", "API list 50 (embedded PGlite)", "embedded", result),
          note: `${ratio(result.rps, small.rps).toFixed(2)}× row 1 (PostgreSQL)`,
        }),
      });
    }
    for (const [i, checkout] of ctx.compareCheckouts.entries()) {
      const other = await started(startApi(apiOptions(ctx, postgresUrl, { checkout })));
      const key = `1${String.fromCharCode(98 + i)}`; // 1b, 1c, ...
      targets.push({
        key,
        load: await listTarget(ctx, other, data.small, true),
        row: (result, small, floor) => ({
          ...loadRow(key, `API list 50, code of ${checkout}`, "api", result),
          note: `${ratio(result.rps, small.rps).toFixed(2)}× row 1; API/floor = ${ratio(result.rps, floor.rps).toFixed(2)}`,
        }),
      });
    }
    ctx.log(
      `list: ${targets.length} targets, ${ctx.phase.rounds} rounds in turns (${loadAverage()})`,
    );
    const results = (
      await measureInTurns(
        targets.map((target) => target.load),
        ctx.phase.rounds,
        (round) => ctx.log(`list: round ${round} of ${ctx.phase.rounds} (${loadAverage()})`),
      )
    ).map((result, i) => checked(`list target ${i + 1}`, result));
    const [small, floor, large] = results;
    if (!small || !floor || !large) throw new Error("unreachable");
    const byKey = (key: string) => results[targets.findIndex((t) => t.key === key)] as LoadResult;
    return targets.map((target, i) =>
      target.row(results[i] as LoadResult, small, floor, large, byKey),
    );
  } finally {
    await Promise.all(services.map((service) => service.stop()));
  }
}
