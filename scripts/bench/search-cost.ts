/**
 * Rows 8a–8f: what a search costs by what is typed (SPEC R-K16), the issue's own case: a
 * person with 5,000 tasks of long descriptions (about 950 characters), a list page and the
 * counts for one word, one letter, and 100 one-letter words; each request alone (median
 * of `samples`), and four at once (median time for all four).
 */
import { foldStoredText } from "@tasks/db";
import { withClient } from "./database.ts";
import { median } from "./load.ts";
import { type Context, loadAverage, withService } from "./scenarios.ts";
import { startApi } from "./services.ts";
import { type ResultRow, ratio } from "./table.ts";

const PERSON = "bench-reader-0";
const WORDS = "lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor".split(
  " ",
);

/** The reader and their 5,000 tasks, written in SQL and folded as an upgrade folds them. */
async function seedReader(url: string): Promise<void> {
  await withClient(url, async (client) => {
    await client.query(
      `insert into "user" (id, name, email) values ($1, 'Reader', 'r@bench.test')`,
      [PERSON],
    );
    await client.query(
      `insert into task (user_id, title, description, created_at, updated_at)
       select $1, 'Task ' || g || ' ' || (array['alpha','bravo','charlie','delta','echo','foxtrot','golf','hotel'])[1 + g % 8],
         left((select string_agg(w, ' ') from (select ($2::text[])[1 + ((g * 7 + i * 13) % 12)] as w
            from generate_series(1, 160) as i) as words), 950),
         now() - make_interval(secs => g), now() - make_interval(secs => g)
       from generate_series(1, 5000) as g`,
      [PERSON, WORDS],
    );
    await foldStoredText(client);
    await client.query("vacuum (analyze) task");
  });
}

const letters = "abcdefghijklmnopqrstuvwxyz";
const SEARCHES: [key: string, label: string, q: string][] = [
  ["a", "one word (1 task in 8)", "golf"],
  ["b", "one letter", "q"],
  ["c", "100 one-letter words", Array.from({ length: 100 }, (_, i) => letters[i % 26]).join(" ")],
];

export async function searchCostRows(
  ctx: Context,
  databaseUrl: string,
  samples: number,
): Promise<ResultRow[]> {
  await seedReader(databaseUrl);
  const options = { databaseUrl, jwksUrl: ctx.issuer.jwksUrl, logLevel: ctx.apiLogLevel };
  return withService(startApi(options), async (api) => {
    const headers = { authorization: `Bearer ${await ctx.issuer.sign(PERSON)}` };
    const timed = async (url: string) => {
      const started = performance.now();
      const response = await fetch(url, { headers });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`search: ${response.status} for ${url}`);
      return performance.now() - started;
    };
    ctx.log(
      `search cost: ${SEARCHES.length * 2} shapes, ${samples} samples each (${loadAverage()})`,
    );
    const rows: ResultRow[] = [];
    for (const [kind, path, offset] of [
      ["list", "?limit=50&", 0],
      ["counts", "/counts?", 3],
    ] as const) {
      let reference = Number.NaN;
      for (const [index, [, label, q]] of SEARCHES.entries()) {
        const url = `${api.url}/api/${PERSON}/tasks${path}q=${encodeURIComponent(q)}`;
        await timed(url);
        const alone: number[] = [];
        for (let i = 0; i < samples; i++) alone.push(await timed(url));
        const together: number[] = [];
        for (let i = 0; i < Math.max(1, samples / 4); i++) {
          const started = performance.now();
          await Promise.all([1, 2, 3, 4].map(() => timed(url)));
          together.push(performance.now() - started);
        }
        const p50 = median(alone);
        if (index === 0) reference = p50;
        rows.push({
          key: `8${String.fromCharCode(97 + offset + index)}`,
          scenario: `search cost, 5,000 long tasks: ${kind}, ${label}`,
          group: "api",
          p50,
          note: `4 at once ${median(together).toFixed(1)} ms; ${ratio(p50, reference).toFixed(1)}× one word`,
        });
      }
    }
    return rows;
  });
}
