"use client";

import { useEffect, useState } from "react";
import { localDate } from "./dashboard-view.ts";

/** The browser's local date, YYYY-MM-DD, across midnight (R-P6), from the server's `initial`. */
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
