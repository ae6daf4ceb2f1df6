import * as Y from 'yjs';

/** A Y.Map whose values this package reads defensively (a peer may have written anything). */
export type YRecord = Y.Map<unknown>;

/** A string value of a map, or null when missing or not a string. */
export function getString(map: YRecord, key: string): string | null {
  const value = map.get(key);
  return typeof value === 'string' ? value : null;
}

/** A finite number value of a map, or null. */
export function getNumber(map: YRecord, key: string): number | null {
  const value = map.get(key);
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A Y.Text value of a map, or null. */
export function getText(map: YRecord, key: string): Y.Text | null {
  const value = map.get(key);
  return value instanceof Y.Text ? value : null;
}

/** A Y.Array value of a map, or null. */
export function getArray(map: YRecord, key: string): Y.Array<unknown> | null {
  const value = map.get(key);
  return value instanceof Y.Array ? value : null;
}

/** The strings of a Y.Array, skipping anything else, without duplicates (first occurrence wins). */
export function stringsOf(array: Y.Array<unknown> | null): string[] {
  if (!array) return [];
  const out = new Set<string>();
  for (const value of array.toArray()) if (typeof value === 'string') out.add(value);
  return [...out];
}

/** The Y.Maps of a Y.Array (its other values are ignored). */
export function mapsOf(array: Y.Array<unknown>): YRecord[] {
  return array.toArray().filter((value): value is YRecord => value instanceof Y.Map);
}

/** The index of the map whose `id` is `id` in a Y.Array of maps, or -1. */
export function indexOfId(array: Y.Array<unknown>, id: string): number {
  return array.toArray().findIndex((value) => value instanceof Y.Map && value.get('id') === id);
}

/** The map whose `id` is `id` in a Y.Array of maps, or null. */
export function findById(array: Y.Array<unknown>, id: string): YRecord | null {
  const index = indexOfId(array, id);
  const value = index < 0 ? null : array.get(index);
  return value instanceof Y.Map ? value : null;
}

/** A Y.Map value of a map (e.g. one region of `regions`), or null. */
export function getRecord(map: Y.Map<unknown>, key: string): YRecord | null {
  const value = map.get(key);
  return value instanceof Y.Map ? value : null;
}

/** Throws a RangeError unless `start`..`end` is a span of a text of `length` characters. */
export function assertSpan(start: number, end: number, length: number): void {
  if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end < start || end > length) {
    throw new RangeError(`span ${start}..${end} is not inside a text of ${length} characters`);
  }
}
