/**
 * Puts focus on `element` when the page has lost it: a control that disables itself while
 * busy, or an item removed from a list, drops focus to the page's start, and the keyboard
 * would start over from there (SPEC R-P5). Focus a person moved elsewhere stays there.
 */
export function focusIfLost(element: HTMLElement | null | undefined): void {
  const active = document.activeElement;
  if (active && active !== document.body) return;
  element?.focus();
}
