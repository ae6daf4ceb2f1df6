import { seededRandom, shuffled } from './random.ts';

/**
 * [A6] The order in which one annotator sees the responses: a deterministic shuffle of the canonical
 * order, seeded by a string (e.g. `${userId}:${documentId}`), so the same person always sees the same
 * order and different people see different ones. The stored document keeps the canonical order.
 *
 * @example
 * const order = displayOrder(view.responses.map((r) => r.id), `${userId}:${documentId}`);
 */
export function displayOrder(ids: readonly string[], seed: string): string[] {
  return shuffled(ids, seededRandom(seed));
}
