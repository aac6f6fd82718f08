/** The API scenarios (rows 1–3 and 6 of the table) and what they share with the others. */
import os from "node:os";
import type { TestIssuer } from "../../apps/api/src/testing/issuer.ts";
import { type Person, seed } from "./database.ts";
import { expectJson, type LoadResult, measureLoad } from "./load.ts";
import type { Service } from "./processes.ts";
import { startApi, startBare } from "./services.ts";
import { type ResultRow, ratio } from "./table.ts";

export interface Phase {
  connections: number;
  durationSeconds: number;
  warmupSeconds: number;
}

export interface Context {
  issuer: TestIssuer;
  phase: Phase;
  apiLogLevel: string;
  log: (message: string) => void;
}

export interface DataSet {
  small: Person;
  large: Person;
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

/** GET /api/{user}/tasks?limit=50 with a valid token (or none, for the floor). */
export async function listLoad(ctx: Context, service: Service, person: Person, withToken: boolean) {
  const url = `${service.url}/api/${person.id}/tasks?limit=${LIST_LIMIT}`;
  const headers: Record<string, string> = withToken
    ? { authorization: `Bearer ${await ctx.issuer.sign(person.id)}` }
    : {};
  await expectJson<{ tasks: unknown[] }>(url, headers, (body) => body.tasks.length === LIST_LIMIT);
  ctx.log(
    `${service.name}: list of ${LIST_LIMIT}, person with ${person.tasks} tasks (${loadAverage()})`,
  );
  return checked(
    service.name,
    await measureLoad({ url, headers, pid: service.child.pid, ...ctx.phase }),
  );
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
  nodeArgs?: string[],
  embedded = false,
) => ({
  databaseUrl,
  embedded,
  jwksUrl: ctx.issuer.jwksUrl,
  logLevel: ctx.apiLogLevel,
  nodeArgs,
});

/** Rows 1–3: the API's list, the floor, and the list for a person with 10,000 tasks. */
export async function apiRows(ctx: Context, databaseUrl: string, data: DataSet) {
  const [small, large] = await withService(startApi(apiOptions(ctx, databaseUrl)), async (api) => [
    await listLoad(ctx, api, data.small, true),
    await listLoad(ctx, api, data.large, true),
  ]);
  const floor = await withService(startBare(databaseUrl), (bare) =>
    listLoad(ctx, bare, data.small, false),
  );
  if (!small || !large) throw new Error("unreachable");
  const rows: ResultRow[] = [
    loadRow("1", "API list 50 (PostgreSQL)", "api", small),
    {
      ...loadRow("2", "floor: node:http + pg, same SQL", "floor", floor),
      note: `API/floor = ${ratio(small.rps, floor.rps).toFixed(2)}`,
    },
    {
      ...loadRow("3", "API list 50, person with 10,000 tasks", "api", large),
      note: `${ratio(large.rps, small.rps).toFixed(2)}× row 1`,
    },
  ];
  return { rows, api: small };
}

/** Row 6: the API list on the embedded database, seeded with the same data. */
export async function embeddedRow(
  ctx: Context,
  databaseUrl: string,
  data: DataSet,
  postgres: LoadResult,
): Promise<ResultRow> {
  await seed(databaseUrl, data.all);
  const result = await withService(startApi(apiOptions(ctx, databaseUrl, [], true)), (api) =>
    listLoad(ctx, api, data.small, true),
  );
  return {
    ...loadRow("6", "API list 50 (embedded PGlite)", "embedded", result),
    note: `${ratio(result.rps, postgres.rps).toFixed(2)}× row 1 (PostgreSQL)`,
  };
}
