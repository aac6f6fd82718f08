/**
 * Tasks as CSV (RFC 4180, SPEC R-K20), written and read by csv-stringify and csv-parse
 * (decisions 022, 028): a UTF-8 byte-order mark, the header row
 * `title,description,completed,dueDate,priority,tags`, CRLF line ends, fields quoted when
 * they hold a comma, a quote or a line break; tags joined by `;` (which a tag may not
 * hold). An empty cell is "none": no description, no due date, not completed, priority
 * none, no tags; an empty description (not none) is the quoted empty cell `""`. Cells a
 * spreadsheet would run as a formula are neutralised (`neutralizeCell`).
 */
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
/** The same after the apostrophe neutralizeCell added. */
const NEUTRALIZED_CELL = /^'[=+\-@\t\r']/;

/**
 * A cell as written (R-K20): one that would start with `=`, `+`, `-`, `@`, tab or
 * carriage return gets a leading apostrophe, which spreadsheets show as text; so does
 * one that starts with an apostrophe itself, so that `restoreCell` can tell the two apart.
 */
export const neutralizeCell = (cell: string): string =>
  ACTIVE_CELL.test(cell) ? `'${cell}` : cell;

/**
 * A cell as read (R-K20): one leading apostrophe is removed where it is followed by one
 * of those characters or another apostrophe; any other apostrophe (a hand-written
 * `'hello`) stays. The inverse of `neutralizeCell`.
 */
export const restoreCell = (cell: string): string =>
  NEUTRALIZED_CELL.test(cell) ? cell.slice(1) : cell;

/**
 * The CSV file of `tasks`: a byte-order mark (spreadsheets otherwise read the file in a
 * local code page), then the header row and one row per task.
 */
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

/**
 * A cell as the field it stands for, before the task rules check it; `null` is an empty
 * cell, `""` a quoted empty one (an empty description).
 */
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

/**
 * Reads a CSV file of tasks. Rows are counted as a spreadsheet shows them: the header is
 * row 1, the first task row 2. A byte-order mark and empty lines are skipped, and the
 * apostrophe that neutralised a cell is removed (`restoreCell`).
 */
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
