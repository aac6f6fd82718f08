"use client";

import { SEARCH_MAX_LENGTH, taskSorts } from "@tasks/contracts/limits";
import { type MouseEvent, useEffect, useRef, useState } from "react";
import type { TagCount } from "./api-client";
import {
  type DashboardState,
  type DashboardView,
  dashboardHref,
  dashboardViews,
  sortChoices,
} from "./dashboard-view";
import { SHORTCUT_TARGETS } from "./keyboard-shortcuts";

const SEARCH_DELAY_MS = 300;

/** Moves to `state`'s URL without a server render: the browser fetches the lists itself. */
function go(state: DashboardState, mode: "push" | "replace") {
  const href = dashboardHref(state);
  if (mode === "push") window.history.pushState(null, "", href);
  else window.history.replaceState(null, "", href);
}

/** The views with their counts (SPEC R-P6): real links, followed in the browser. */
export function ViewNav({
  state,
  countOf,
}: {
  state: DashboardState;
  countOf: (view: DashboardView) => number | undefined;
}) {
  function open(event: MouseEvent<HTMLAnchorElement>, view: DashboardView["id"]) {
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
    event.preventDefault();
    go({ ...state, view }, "push");
  }
  return (
    <nav aria-label="Views">
      <ul className="flex flex-wrap gap-2">
        {dashboardViews.map((view) => {
          const count = countOf(view);
          const here = view.id === state.view;
          return (
            <li key={view.id}>
              <a
                href={dashboardHref({ ...state, view: view.id })}
                onClick={(event) => open(event, view.id)}
                aria-current={here ? "page" : undefined}
                className={`inline-flex items-center gap-2 rounded-full border px-3 py-1 text-sm font-medium ${
                  here
                    ? "border-blue-700 bg-blue-700 text-white"
                    : "border-slate-300 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                }`}
              >
                {view.label}
                {count !== undefined && <span>{count}</span>}
              </a>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}

/** Search, tag filter and sort, in the URL (SPEC R-P6); `tagShown`: the tag as first spelled. */
export function TaskFilters({
  state,
  tags,
  tagShown,
}: {
  state: DashboardState;
  tags: TagCount[] | undefined;
  tagShown: string;
}) {
  const knownTag = tags?.some((t) => t.name === tagShown);
  // `written`: the last search this field put in the URL (back and forward change it too).
  const [query, setQuery] = useState(state.q);
  const written = useRef(state.q);
  const latest = useRef(state);
  latest.current = state;
  useEffect(() => {
    if (state.q !== written.current) {
      written.current = state.q;
      setQuery(state.q);
    }
  }, [state.q]);
  useEffect(() => {
    if (query.trim() === written.current) return;
    const timer = setTimeout(() => {
      written.current = query.trim();
      go({ ...latest.current, q: query.trim() }, "replace");
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [query]);

  return (
    <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto]">
      <search className="flex flex-col gap-1">
        <label htmlFor={SHORTCUT_TARGETS.search} className="text-sm font-medium">
          Search tasks
        </label>
        <input
          id={SHORTCUT_TARGETS.search}
          type="search"
          className="field"
          value={query}
          maxLength={SEARCH_MAX_LENGTH}
          aria-keyshortcuts="/"
          onChange={(event) => setQuery(event.target.value)}
          onKeyDown={(event) => {
            if (event.key !== "Enter") return;
            written.current = query.trim();
            go({ ...state, q: query.trim() }, "replace");
          }}
        />
      </search>
      <div className="flex flex-col gap-1">
        <label htmlFor="task-tag" className="text-sm font-medium">
          Tag
        </label>
        <select
          id="task-tag"
          className="field"
          value={tagShown}
          onChange={(event) => go({ ...state, tag: event.target.value }, "replace")}
        >
          <option value="">All tags</option>
          {tagShown && !knownTag && <option value={tagShown}>{tagShown}</option>}
          {tags?.map((tag) => (
            <option key={tag.name} value={tag.name}>
              {`${tag.name} (${tag.count})`}
            </option>
          ))}
        </select>
      </div>
      <div className="flex flex-col gap-1">
        <label htmlFor="task-sort" className="text-sm font-medium">
          Sort
        </label>
        <select
          id="task-sort"
          className="field"
          value={state.sort}
          onChange={(event) => {
            const sort = taskSorts.find((s) => s === event.target.value) ?? "created";
            go({ ...state, sort }, "replace");
          }}
        >
          {sortChoices.map((choice) => (
            <option key={choice.sort} value={choice.sort}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}
