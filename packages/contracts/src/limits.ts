/** Limits, enums and checks without zod (decision 051): the schemas take their rules from here. */
import { foldText } from "./fold.ts";
import { characterCount, type TextRules } from "./text.ts";

export { foldText } from "./fold.ts";
export { characterCount, type TextRules, textProblem, trimmedText } from "./text.ts";

export const TITLE_MAX = 200;
export const DESCRIPTION_MAX = 1000;
export const TAG_MAX_LENGTH = 32;
export const TAGS_PER_TASK_MAX = 10;
export const BULK_IDS_MAX = 100;

/** Most important last: sorting by priority follows this order, never the alphabet (R-K14). */
export const taskPriorities = ["none", "low", "medium", "high"] as const;
export type TaskPriority = (typeof taskPriorities)[number];

/** The ETag of a task as the API sends it (R-K17), for an `If-Match` header. */
export const taskETag = (task: { version: number }): string => `"${task.version}"`;

/** A tag name (R-K15), once trimmed and in NFC: 1 to 32 characters, no `;` (CSV's separator). */
export const tagNameRules = (label = "Tag"): TextRules => ({
  label,
  min: 1,
  max: TAG_MAX_LENGTH,
  nfc: true,
  shown: true,
  also: (name) => (name.includes(";") ? `${label} must not contain ;` : undefined),
});

export const LIST_LIMIT_DEFAULT = 50;
export const LIST_LIMIT_MAX = 100;
export const SEARCH_MAX_LENGTH = 200;
/** A search uses at most this many distinct words of `q` (R-K16); the answer names them. */
export const SEARCH_WORDS_MAX = 10;
/** The longest word a search takes, in characters. */
export const SEARCH_WORD_MAX_LENGTH = 100;

export const taskStatuses = ["all", "pending", "completed"] as const;
export const taskSorts = ["created", "updated", "title", "due", "priority"] as const;
export const sortOrders = ["asc", "desc"] as const;
export const dueKinds = ["none", "any"] as const;

export type TaskStatus = (typeof taskStatuses)[number];
export type TaskSort = (typeof taskSorts)[number];
export type SortOrder = (typeof sortOrders)[number];

/** The order a sort takes when none is given: newest, A to Z, soonest due, most important. */
export const defaultOrder = (sort: TaskSort): SortOrder =>
  sort === "title" || sort === "due" ? "asc" : "desc";

/** The words of a search as typed: `q` split at white space. */
export const searchWords = (q: string): string[] => q.split(/\s+/u).filter(Boolean);

/** What a search uses of `q` (R-K16): see `searchTerms`. */
export interface SearchTerms {
  words: string[];
  /** Their foldings (`foldText`), looked for in the folded text. */
  keys: string[];
  ignored: string[];
}

/** The words a search uses (R-K16): folded, distinct, the first SEARCH_WORDS_MAX; the rest `ignored`. */
export function searchTerms(q: string): SearchTerms {
  const terms: SearchTerms = { words: [], keys: [], ignored: [] };
  const ignoredKeys = new Set<string>();
  for (const word of searchWords(q.normalize("NFC"))) {
    const key = foldText(word);
    if (terms.keys.includes(key) || ignoredKeys.has(key)) continue;
    if (terms.keys.length < SEARCH_WORDS_MAX) {
      terms.words.push(word);
      terms.keys.push(key);
    } else {
      ignoredKeys.add(key);
      terms.ignored.push(word);
    }
  }
  return terms;
}

/** A search (R-K16), once trimmed and in NFC: 1 to 200 characters, no word over 100. */
export const searchRules: TextRules = {
  label: "Search",
  min: 1,
  max: SEARCH_MAX_LENGTH,
  nfc: true,
  also: (q) =>
    searchWords(q).some((word) => characterCount(word) > SEARCH_WORD_MAX_LENGTH)
      ? `Search words must be at most ${SEARCH_WORD_MAX_LENGTH} characters each`
      : undefined,
};
