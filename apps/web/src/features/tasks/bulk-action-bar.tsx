import type { BulkAction } from "./api-client";

/** The bulk actions (R-K19), as the buttons name them. */
const bulkActions: [BulkAction, string][] = [
  ["complete", "Complete selected"],
  ["uncomplete", "Uncomplete selected"],
  ["delete", "Delete selected"],
];

interface Props {
  count: number;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}

/** What can be done with the selected tasks (SPEC R-P6), all at once. */
export function BulkActionBar({ count, onAction, onClear }: Props) {
  return (
    <fieldset className="flex flex-wrap items-center gap-2 rounded-lg border border-blue-300 bg-blue-50 p-2 dark:border-blue-800 dark:bg-slate-900">
      <legend className="sr-only">Selected tasks</legend>
      <span className="mr-auto text-sm font-medium">{count} selected</span>
      {bulkActions.map(([action, label]) => (
        <button
          key={action}
          type="button"
          className="button-secondary px-3 py-1 text-sm"
          onClick={() => onAction(action)}
        >
          {label}
        </button>
      ))}
      <button type="button" className="button-secondary px-3 py-1 text-sm" onClick={onClear}>
        Clear selection
      </button>
    </fieldset>
  );
}
