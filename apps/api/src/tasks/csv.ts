/**
 * Tasks as CSV (RFC 4180, SPEC R-K20), written and read by csv-stringify and csv-parse
 * (decision 022): the header row `title,description,completed,dueDate,priority,tags`,
 * CRLF line ends, fields quoted when they hold a comma, a quote or a line break; tags
 * joined by `;` (which a tag may not hold). An empty cell is "none": no description, no
 * due date, not completed, priority none, no tags.
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

/** The CSV file of `tasks`, header row first. */
export function tasksToCsv(tasks: Task[]): string {
  const rows = tasks.map((task) => [
    task.title,
    task.description ?? "",
    String(task.completed),
    task.dueDate ?? "",
    task.priority,
    task.tags.join(";"),
  ]);
  return stringify([[...taskCsvColumns], ...rows], { record_delimiter: "\r\n" });
}

/** What a CSV file holds: one object per task, or the problems, each naming its row. */
export type CsvTasks =
  | { ok: true; tasks: { row: number; fields: Record<string, unknown> }[] }
  | { ok: false; errors: FieldError[] };

const fail = (field: string, message: string): CsvTasks => ({
  ok: false,
  errors: [{ field, message }],
});

/** A cell as the field it stands for, before the task rules check it. */
function cellValue(column: TaskCsvColumn, cell: string): unknown {
  if (column === "title") return cell;
  if (cell === "") return column === "tags" ? [] : undefined;
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
 * row 1, the first task row 2. A byte-order mark and empty lines are skipped.
 */
export function csvToTasks(text: string): CsvTasks {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true });
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const row = typeof error.records === "number" ? error.records + 1 : 1;
    return fail(`row ${row}`, `Row ${row} is not valid CSV: ${error.message}`);
  }
  const [header, ...rows] = records;
  if (!header) return fail("row 1", "The CSV needs a header row naming its columns");
  const columns: TaskCsvColumn[] = [];
  for (const name of header) {
    const column = taskCsvColumns.find((known) => known === name.trim());
    if (!column || columns.includes(column)) {
      return fail("row 1", `Unknown or repeated column "${name}": use ${taskCsvColumns.join(",")}`);
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
      const value = cellValue(column, cells[position] ?? "");
      if (value !== undefined) fields[column] = value;
    }
    return { row: index + 2, fields };
  });
  return { ok: true, tasks };
}
