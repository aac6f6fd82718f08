"use client";

import { useEffect, useState } from "react";
import { localDate } from "./dashboard-view.ts";

/**
 * The browser's local date, YYYY-MM-DD, kept current across midnight (SPEC R-P6). Starts
 * from the server's `initial` (so the page hydrates as rendered), then reads the browser's
 * clock; where the two differ, the views' queries change with it and are fetched again.
 */
export function useToday(initial: string): string {
  const [today, setToday] = useState(initial);
  useEffect(() => {
    const update = () => setToday(localDate());
    update();
    const timer = setInterval(update, 60_000);
    return () => clearInterval(timer);
  }, []);
  return today;
}
