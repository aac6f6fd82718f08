import { describe, expect, it } from "vitest";
import { dueLabel } from "./due-label";

const shortDate = new Intl.DateTimeFormat("en", {
  weekday: "short",
  month: "short",
  day: "numeric",
  timeZone: "UTC",
});
const mediumDate = new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" });

describe("dueLabel", () => {
  it("says Today, Tomorrow and Yesterday beside today, across a month's and a year's end", () => {
    expect(dueLabel("2026-12-06", "2026-12-06")).toBe("Today");
    expect(dueLabel("2027-01-01", "2026-12-31")).toBe("Tomorrow");
    expect(dueLabel("2026-02-28", "2026-03-01")).toBe("Yesterday");
  });

  it("reads as Intl's English formats for every day of a leap year and the years beside it", () => {
    const today = "2028-06-15";
    const start = Date.parse("2027-01-01T00:00:00Z");
    for (let day = 0; day < 3 * 366; day++) {
      const date = new Date(start + day * 86_400_000);
      const dueDate = date.toISOString().slice(0, 10);
      const label = dueLabel(dueDate, today);
      if (["Today", "Tomorrow", "Yesterday"].includes(label)) continue;
      const expected = dueDate.startsWith("2028")
        ? shortDate.format(date)
        : mediumDate.format(date);
      expect(label, dueDate).toBe(expected);
    }
  });
});
