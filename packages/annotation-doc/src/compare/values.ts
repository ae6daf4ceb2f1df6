/** Deep equality of plain JSON values (views from `readDoc`): key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((value, i) => sameValue(value, b[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && sameValue(left[key], right[key]));
}

/** Whether two lists hold the same strings, ignoring order and duplicates. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/**
 * The ids of two ordered lists merged into one order: `after`'s order, with each id only in `before`
 * placed right behind the id that precedes it in `before` (or first), so removed records show where
 * they were.
 */
export function mergeOrder(before: readonly string[], after: readonly string[]): string[] {
  const out = [...new Set(after)];
  const present = new Set(out);
  let previous: string | null = null;
  for (const id of before) {
    if (!present.has(id)) {
      out.splice(previous === null ? 0 : out.indexOf(previous) + 1, 0, id);
      present.add(id);
    }
    previous = id;
  }
  return out;
}

/** The records of a list by id (first occurrence wins; records without an id are skipped). */
export function byId<T extends { id: string }>(records: readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const record of records) if (record.id !== '' && !out.has(record.id)) out.set(record.id, record);
  return out;
}
