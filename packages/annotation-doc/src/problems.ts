/** One thing wrong with a document: the field it concerns and what to do, in words a user understands. */
export interface Problem {
  /** A field path such as `regions.<id>.shape`, `scores.<responseId>:<criterionId>` or `turns.2.text`. */
  path: string;
  message: string;
}

/** A number as people read it: integers as they are, others to two decimals. */
export function fmt(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

/** `a, b and c`. */
export function listing(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}
