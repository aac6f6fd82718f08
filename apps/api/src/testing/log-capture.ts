/** A pino logger whose lines a test can read back, to check that nothing was logged as an error. */
import { pino } from "pino";

/** Logs at `info` and up into memory; `errors()` lists the error and fatal lines. */
export function captureLogs() {
  const lines: ({ level: number; msg?: string } & Record<string, unknown>)[] = [];
  const logger = pino(
    { level: "info" },
    {
      write(line: string) {
        lines.push(JSON.parse(line));
      },
    },
  );
  return { logger, lines, errors: () => lines.filter((line) => line.level >= 50) };
}
