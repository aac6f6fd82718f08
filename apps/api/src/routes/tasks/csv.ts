/** Tasks as CSV (RFC 4180, R-K20; decisions 022, 028): BOM, CRLF, tags joined by `;`. */
import {
  type FieldError,
  IMPORT_TASKS_MAX,
  type Task,
  type TaskCsvColumn,
  taskCsvColumns,
} from "@tasks/contracts";
import { CsvError, parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";

/** A cell a spreadsheet runs as a formula (OWASP CSV injection), or one marked as safe. */
const ACTIVE_CELL = /^[=+\-@\t\r']/;
const NEUTRALIZED_CELL = /^'[=+\-@\t\r']/;

/** A cell as written: a formula start (`=+-@`, tab, CR) or `'` gets a leading apostrophe (R-K20). */
export const neutralizeCell = (cell: string): string =>
  ACTIVE_CELL.test(cell) ? `'${cell}` : cell;

/** A cell as read: the inverse of `neutralizeCell`. */
export const restoreCell = (cell: string): string =>
  NEUTRALIZED_CELL.test(cell) ? cell.slice(1) : cell;

/** The CSV of `tasks`, with a BOM (spreadsheets otherwise guess a local code page). */
export function tasksToCsv(tasks: Task[]): string {
  // Absent values are written as empty cells, an empty description as a quoted one.
  const cell = (value: string | null) => (value === null ? undefined : neutralizeCell(value));
  const rows = tasks.map((task) => [
    cell(task.title),
    cell(task.description),
    cell(String(task.completed)),
    cell(task.dueDate),
    cell(task.priority),
    cell(task.tags.length > 0 ? task.tags.join(";") : null),
  ]);
  return stringify([[...taskCsvColumns], ...rows], {
    bom: true,
    record_delimiter: "\r\n",
    // Spreadsheets end a row at a lone CR or LF too, and split at ";" in some locales.
    quoted_match: /[\r\n;]/,
    cast: { string: (value) => (value === "" ? { value, quoted_empty: true } : value) },
  });
}

/** What a CSV file holds: one object per task, or the problems, each naming its row. */
export type CsvTasks =
  | { ok: true; tasks: { row: number; fields: Record<string, unknown> }[] }
  | { ok: false; errors: FieldError[] };

const fail = (field: string, message: string): CsvTasks => ({
  ok: false,
  errors: [{ field, message }],
});

function cellValue(column: TaskCsvColumn, cell: string | null): unknown {
  if (column === "title") return cell ?? "";
  if (column === "description" && cell === "") return "";
  if (cell === null || cell === "") return column === "tags" ? [] : undefined;
  if (column === "completed") {
    const lower = cell.trim().toLowerCase();
    return lower === "true" ? true : lower === "false" ? false : cell;
  }
  if (column === "tags") {
    return cell
      .split(";")
      .map((name) => name.trim())
      .filter((name) => name !== "");
  }
  return cell;
}

/** Reads a CSV of tasks; rows are numbered as a spreadsheet shows them (header is row 1). */
export function csvToTasks(text: string): CsvTasks {
  let records: (string | null)[][];
  try {
    records = parse(text, {
      bom: true,
      skip_empty_lines: true,
      cast: (value, { quoting }) => (value === "" && !quoting ? null : restoreCell(value)),
    });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = typeof error.records === "number" ? error.records + 1 : 1;
    return fail(`row ${row}`, `Row ${row} is not valid CSV: ${error.message}`);
  }
  const [header, ...rows] = records;
  if (!header) return fail("row 1", "The CSV needs a header row naming its columns");
  const columns: TaskCsvColumn[] = [];
  for (const name of header) {
    const column = taskCsvColumns.find((known) => known === (name ?? "").trim());
    if (!column || columns.includes(column)) {
      return fail(
        "row 1",
        `Unknown or repeated column "${name ?? ""}": use ${taskCsvColumns.join(",")}`,
      );
    }
    columns.push(column);
  }
  if (!columns.includes("title")) return fail("row 1", "The CSV needs a title column");
  if (rows.length > IMPORT_TASKS_MAX) {
    return fail("body", `Import at most ${IMPORT_TASKS_MAX} tasks at once`);
  }
  const tasks = rows.map((cells, index) => {
    const fields: Record<string, unknown> = {};
    for (const [position, column] of columns.entries()) {
      const value = cellValue(column, cells[position] ?? null);
      if (value !== undefined) fields[column] = value;
    }
    return { row: index + 2, fields };
  });
  return { ok: true, tasks };
}
