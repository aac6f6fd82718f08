"use client";

import { useEffect, useRef, useState } from "react";

const shortcuts = [
  { key: "n", does: "New task: focus its title" },
  { key: "/", does: "Search tasks" },
  { key: "?", does: "Show these shortcuts" },
  { key: "Esc", does: "Close this list, or stop editing" },
];

const NOT_TYPED = new Set(["checkbox", "radio", "button", "submit", "reset", "range", "color"]);

function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target instanceof HTMLInputElement) return !NOT_TYPED.has(target.type);
  return target.isContentEditable || ["TEXTAREA", "SELECT"].includes(target.tagName);
}

/** Where the person's choice to turn the single-key shortcuts off is kept (WCAG 2.1.4). */
const OFF_KEY = "tasks.shortcuts";
const shortcutsOn = () => window.localStorage.getItem(OFF_KEY) !== "off";

/** The elements the shortcuts act on, by id: they are in the server's HTML already. */
export const SHORTCUT_TARGETS = {
  /** The new-task form's field ids start with this; `n` focuses `${newTask}-title`. */
  newTask: "new-task",
  search: "task-search",
  list: "keyboard-shortcuts",
} as const;

function onKeyDown(event: KeyboardEvent) {
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
  const list = document.getElementById(SHORTCUT_TARGETS.list);
  if (typingIn(event.target) || !(list instanceof HTMLDialogElement) || list.open) return;
  if (!shortcutsOn()) return;
  const target = { n: `${SHORTCUT_TARGETS.newTask}-title`, "/": SHORTCUT_TARGETS.search }[
    event.key
  ];
  if (target) document.getElementById(target)?.focus();
  else if (event.key === "?") list.showModal();
  else return;
  event.preventDefault();
}

// Listening from the moment this module runs, so keys pressed during hydration are not lost.
if (typeof document !== "undefined") document.addEventListener("keydown", onKeyDown);

/** The dashboard's shortcuts (SPEC R-P6), outside text fields; can be turned off (WCAG 2.1.4). */
export function KeyboardShortcuts() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [on, setOn] = useState(true);
  useEffect(() => setOn(shortcutsOn()), []);
  return (
    <>
      <button
        type="button"
        className="button-secondary px-3 py-1 text-sm"
        aria-keyshortcuts="?"
        onClick={() => dialog.current?.showModal()}
      >
        Keyboard shortcuts
      </button>
      <dialog
        ref={dialog}
        id={SHORTCUT_TARGETS.list}
        aria-labelledby="shortcuts-heading"
        className="m-auto w-[min(24rem,calc(100vw-2rem))] rounded-lg border border-slate-300 bg-white p-5 text-slate-900 backdrop:bg-black/40 dark:border-slate-600 dark:bg-slate-900 dark:text-slate-100"
      >
        <h2 id="shortcuts-heading" className="mb-3 text-lg font-semibold">
          Keyboard shortcuts
        </h2>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2">
          {shortcuts.map(({ key, does }) => (
            <div key={key} className="contents">
              <dt>
                <kbd className="rounded border border-slate-400 px-1.5 font-mono">{key}</kbd>
              </dt>
              <dd>{does}</dd>
            </div>
          ))}
        </dl>
        <label className="mt-4 flex items-center gap-2">
          <input
            type="checkbox"
            className="size-5 accent-blue-700"
            checked={on}
            onChange={(event) => {
              setOn(event.target.checked);
              if (event.target.checked) window.localStorage.removeItem(OFF_KEY);
              else window.localStorage.setItem(OFF_KEY, "off");
            }}
          />
          Use these single-key shortcuts
        </label>
        <form method="dialog" className="mt-4">
          <button type="submit" className="button-primary">
            Close
          </button>
        </form>
      </dialog>
    </>
  );
}
