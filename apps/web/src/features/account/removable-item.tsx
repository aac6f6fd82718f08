import type { ReactNode } from "react";

interface Props {
  /** What the item is, as the list names it: the passkey's name, the device in words. */
  name: string;
  /** The line under the name: when it was added or trusted, when last used. */
  detail: ReactNode;
  /** Break the name anywhere: a name a person typed may be one long word. */
  breakName?: boolean;
  /** While a change is under way. */
  disabled: boolean;
  onRemove: () => void;
}

/**
 * One entry of an account list with its "Remove" button, whose accessible name is
 * "Remove <name>" (SPEC R-M2 trusted devices, R-M5 passkeys). Render inside a `<ul>`.
 */
export function RemovableItem({ name, detail, breakName = false, disabled, onRemove }: Props) {
  return (
    <li className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-slate-200 p-3 dark:border-slate-700">
      <div className="min-w-0">
        <p className={breakName ? "font-medium break-all" : "font-medium"}>{name}</p>
        <p className="text-sm text-slate-700 dark:text-slate-300">{detail}</p>
      </div>
      <button type="button" className="button-secondary" disabled={disabled} onClick={onRemove}>
        Remove<span className="sr-only"> {name}</span>
      </button>
    </li>
  );
}
