/**
 * The `data-path` values that can show a problem's field, most specific first: a problem on
 * `turns.<id>.text` is shown by that field, else by the turn `turns.<id>`, else by the `turns` list.
 *
 * @example pathCandidates('turns.2.text') // ['turns.2.text', 'turns.2', 'turns']
 */
export function pathCandidates(path: string): string[] {
  const parts = path.split('.');
  return parts.map((_, index) => parts.slice(0, parts.length - index).join('.')).filter((p) => p !== '');
}

/** A CSS selector matching elements whose `data-path` is exactly `path`. */
export function pathSelector(path: string): string {
  return `[data-path="${path.replace(/["\\]/g, '\\$&').replace(/\n/g, '\\a ')}"]`;
}

/** The part of an element {@link revealField} uses (tests pass plain objects). */
export interface RevealTarget {
  scrollIntoView(options?: ScrollIntoViewOptions): void;
  querySelector(selector: string): RevealTarget | null;
  focus?(options?: FocusOptions): void;
}

const focusable = 'textarea, input, select, button, [tabindex]:not([tabindex="-1"])';

/**
 * Scrolls the field of a problem into view and puts the keyboard in it (its first control, or the
 * element itself when it takes focus). Returns false when no element on the page shows that path.
 *
 * @example revealField(document, 'turns.2.text')
 */
export function revealField(root: { querySelector(selector: string): RevealTarget | null }, path: string): boolean {
  for (const candidate of pathCandidates(path)) {
    const element = root.querySelector(pathSelector(candidate));
    if (element === null) continue;
    element.scrollIntoView({ block: 'center', behavior: 'smooth' });
    const control = element.querySelector(focusable) ?? element;
    control.focus?.({ preventScroll: true });
    return true;
  }
  return false;
}
