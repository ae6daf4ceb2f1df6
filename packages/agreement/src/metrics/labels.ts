/** A category label: what a rater chose. Numbers and strings are distinct labels (1 !== '1'). */
export type Label = string | number;

/** Orders labels: numbers numerically first, then strings by code unit. */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'number') return -1;
  if (typeof b === 'number') return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The ordered category set of some labels: `explicit` when given (every label must be in it, no
 * duplicates), otherwise the distinct labels sorted by {@link compareLabels}.
 */
export function orderCategories(labels: ReadonlySet<Label>, explicit?: readonly Label[]): Label[] {
  if (explicit) {
    const known = new Set(explicit);
    if (known.size !== explicit.length) throw new Error('categories contain a duplicate label');
    for (const label of labels) {
      if (!known.has(label)) throw new Error(`label ${JSON.stringify(label)} is not in the given categories`);
    }
    return [...explicit];
  }
  return [...labels].sort(compareLabels);
}

/** The distinct labels of some lists; null and undefined (missing) are skipped. */
export function distinctLabels(lists: readonly (readonly (Label | null | undefined)[])[]): Set<Label> {
  const seen = new Set<Label>();
  for (const list of lists) for (const label of list) if (label !== null && label !== undefined) seen.add(label);
  return seen;
}

/** Label → position in `categories`. */
export function indexOf(categories: readonly Label[]): Map<Label, number> {
  return new Map(categories.map((label, i) => [label, i]));
}
