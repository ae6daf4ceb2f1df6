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

/** Who is looking at a document: response labels follow that person's display order. */
export interface Viewer {
  userId: string;
  documentId: string;
}

/** The seed of one person's response order on one document: stable across reloads, different between people. */
export function viewerSeed(viewer: Viewer): string {
  return viewer.userId + viewer.documentId;
}

/**
 * The letter for a display position: A…Z, then AA, AB… (like spreadsheet columns).
 * @example responseLetter(0) // 'A'; responseLetter(26) // 'AA'
 */
export function responseLetter(displayIndex: number): string {
  let n = Math.max(0, Math.trunc(displayIndex)) + 1;
  let label = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    label = String.fromCharCode(65 + rem) + label;
    n = Math.floor((n - 1) / 26);
  }
  return label;
}

/**
 * [A6] Each response id's letter as one person sees it, so messages name responses the way that person's
 * screen does and never reveal the canonical order.
 * @example viewerResponseLabels(['r1', 'r2'], { userId, documentId }).get('r1') // 'B' for some viewers
 */
export function viewerResponseLabels(canonicalIds: readonly string[], viewer: Viewer): Map<string, string> {
  return new Map(displayOrder(canonicalIds, viewerSeed(viewer)).map((id, index) => [id, responseLetter(index)]));
}
