import * as Y from 'yjs';

/** A run of content written by one Yjs client: characters of a text, values of an array, or one map value. */
export interface Unit {
  client: number;
  length: number;
  /** Deleted since (removed text, an overwritten or removed map value). */
  deleted: boolean;
}

/**
 * The runs of a Y.Text or Y.Array, including deleted ones: Yjs keeps deleted items in the list (their
 * content garbage-collected, their client id and length kept), which is what lets deletions count.
 */
export function sequenceUnits(type: Y.Text | Y.Array<unknown>): Unit[] {
  const units: Unit[] = [];
  for (let item = type._start; item !== null; item = item.right) {
    // Formatting marks are not content.
    if (item.content instanceof Y.ContentFormat) continue;
    units.push({ client: item.id.client, length: item.length, deleted: item.deleted });
  }
  return units;
}

/** The writes of one key of a Y.Map: the item holding its current value and the values it replaced. */
export function keyUnits(map: Y.Map<unknown>, key: string): Unit[] {
  const units: Unit[] = [];
  // Values of one key form their own list: each new value's `left` is the value it replaced.
  for (let item = map._map.get(key) ?? null; item !== null; item = item.left) {
    units.push({ client: item.id.client, length: item.length, deleted: item.deleted });
  }
  return units;
}

/** The writes of every key of a Y.Map (or of the keys `filter` accepts), including removed keys. */
export function mapUnits(map: Y.Map<unknown>, filter: (key: string) => boolean = () => true): Unit[] {
  return [...map._map.keys()].filter(filter).flatMap((key) => keyUnits(map, key));
}
