import type { Submission } from '../observe/types.ts';
import type { Unit } from './table.ts';

/** The slice of all items. */
export const allItems = '*';

/** Which items each slice holds: `*` every item, each tag the items carrying it. */
export interface SliceIndex {
  /** `*` first, then the tags sorted. */
  slices: string[];
  has(slice: string, itemId: string): boolean;
  /** `*` and the item's tags. */
  slicesOf(itemId: string): readonly string[];
}

/** [Q1] An item's slices are the tags its submissions in the window carried (their union). */
export function sliceIndexOf(submissions: readonly Submission[]): SliceIndex {
  const byItem = new Map<string, Set<string>>();
  for (const s of submissions) {
    const tags = byItem.get(s.itemId) ?? new Set<string>();
    for (const tag of s.slices) if (tag !== allItems) tags.add(tag);
    byItem.set(s.itemId, tags);
  }
  const tags = new Set<string>();
  for (const set of byItem.values()) for (const tag of set) tags.add(tag);
  const lists = new Map([...byItem].map(([itemId, set]) => [itemId, [allItems, ...[...set].sort()]]));
  return {
    slices: [allItems, ...[...tags].sort()],
    has: (slice, itemId) => slice === allItems || (byItem.get(itemId)?.has(slice) ?? false),
    slicesOf: (itemId) => lists.get(itemId) ?? [allItems],
  };
}

/** [Q1] The units of every slice, in one pass over the units. */
export function unitsBySlice(index: SliceIndex, units: readonly Unit[]): Map<string, Unit[]> {
  const bySlice = new Map<string, Unit[]>(index.slices.map((slice) => [slice, []]));
  for (const u of units) for (const slice of index.slicesOf(u.itemId)) bySlice.get(slice)?.push(u);
  return bySlice;
}

/** The units of one slice. */
export function unitsIn(index: SliceIndex, slice: string, units: readonly Unit[]): Unit[] {
  return slice === allItems ? [...units] : units.filter((u) => index.has(slice, u.itemId));
}

/** The submissions of one slice. */
export function submissionsIn(index: SliceIndex, slice: string, submissions: readonly Submission[]): Submission[] {
  return slice === allItems ? [...submissions] : submissions.filter((s) => index.has(slice, s.itemId));
}
