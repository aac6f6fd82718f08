/** A hand-written SVG bar chart of throughput per scenario; no dependencies. */
import type { Group, ResultRow } from "./table.ts";

const colours: Record<Group, string> = {
  api: "#2563eb",
  floor: "#9ca3af",
  web: "#059669",
  embedded: "#d97706",
};

const legend: Record<Group, string> = {
  api: "API (Hono) on PostgreSQL",
  floor: "bare node:http + pg (floor)",
  web: "web (Next.js + Better Auth)",
  embedded: "API on embedded PGlite",
};

const xml = (text: string) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

export function throughputChart(rows: ResultRow[], subtitle: string): string {
  const bars = rows.filter((row): row is ResultRow & { rps: number } => row.rps !== undefined);
  const width = 860;
  const labelWidth = 330;
  const barArea = width - labelWidth - 90;
  const barHeight = 26;
  const gap = 12;
  // The subtitle (machine; settings) on two lines, so it fits the width.
  const [machine = "", settings = ""] = subtitle.split(/;\s(.*)/s);
  const top = 86;
  const max = Math.max(1, ...bars.map((row) => row.rps));
  const height = top + bars.length * (barHeight + gap) + 60;
  const scale = (value: number) => (value / max) * barArea;

  const ticks: string[] = [];
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const residual = raw / magnitude;
  const step = (residual > 5 ? 10 : residual > 2 ? 5 : residual > 1 ? 2 : 1) * magnitude;
  for (let value = 0; value <= max; value += step) {
    const x = labelWidth + scale(value);
    ticks.push(
      `<line x1="${x.toFixed(1)}" y1="${top - 8}" x2="${x.toFixed(1)}" y2="${height - 52}" stroke="#e5e7eb"/>`,
      `<text x="${x.toFixed(1)}" y="${height - 38}" text-anchor="middle" class="tick">${value}</text>`,
    );
  }

  const barMarks = bars.map((row, i) => {
    const y = top + i * (barHeight + gap);
    const w = Math.max(1, scale(row.rps));
    return [
      `<text x="${labelWidth - 10}" y="${y + barHeight / 2 + 4}" text-anchor="end" class="label">${xml(`${row.key}. ${row.scenario}`)}</text>`,
      `<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" rx="3" fill="${colours[row.group]}"><title>${xml(row.scenario)}: ${row.rps.toFixed(0)} req/s</title></rect>`,
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + barHeight / 2 + 4}" class="value">${row.rps.toFixed(0)}</text>`,
    ].join("\n  ");
  });

  const groups = [...new Set(bars.map((row) => row.group))];
  const legendMarks = groups.map((group, i) => {
    const x = 20 + i * 210;
    return `<rect x="${x}" y="${height - 22}" width="12" height="12" fill="${colours[group]}"/><text x="${x + 18}" y="${height - 12}" class="tick">${xml(legend[group])}</text>`;
  });

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="title desc">
  <title id="title">Throughput per benchmark scenario (requests per second)</title>
  <desc id="desc">${xml(subtitle)}</desc>
  <style>
    text { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; fill: #111827; }
    .heading { font-size: 17px; font-weight: 600; }
    .sub { font-size: 12px; fill: #4b5563; }
    .label { font-size: 12.5px; }
    .value { font-size: 12.5px; font-weight: 600; }
    .tick { font-size: 11px; fill: #4b5563; }
  </style>
  <rect width="100%" height="100%" fill="#ffffff"/>
  <text x="20" y="28" class="heading">Throughput per scenario (req/s, higher is better)</text>
  <text x="20" y="48" class="sub">${xml(machine)}</text>
  <text x="20" y="64" class="sub">${xml(settings)}</text>
  ${ticks.join("\n  ")}
  ${barMarks.join("\n  ")}
  ${legendMarks.join("\n  ")}
</svg>
`;
}
