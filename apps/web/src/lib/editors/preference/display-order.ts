import { responseLetter } from '@concord/annotation-doc';

/** A response as one annotator sees it: where it sits on screen and the letter it is called by. */
export interface DisplayedResponse {
  /** The response id (stored in the document). */
  id: string;
  /** 'A', 'B', … in display order. */
  label: string;
  /** Position in the document's canonical order. */
  canonicalIndex: number;
  /** Position on this annotator's screen. */
  displayIndex: number;
}

/**
 * The letter for a display position: A…Z, then AA, AB… (the package's, so validation messages match).
 *
 * @example responseLabel(0) // 'A'; responseLabel(26) // 'AA'
 */
export const responseLabel = responseLetter;

/**
 * Joins the canonical order (as stored, [A6]) and one annotator's display order into labelled
 * responses, in display order. Ids of `displayIds` that are not responses are ignored and responses
 * missing from it are appended in canonical order, so a stale order never hides a response.
 *
 * @example
 *   displayedResponses(['r1', 'r2'], ['r2', 'r1'])
 *   // [{ id: 'r2', label: 'A', canonicalIndex: 1, displayIndex: 0 }, { id: 'r1', label: 'B', … }]
 */
export function displayedResponses(canonicalIds: readonly string[], displayIds: readonly string[]): DisplayedResponse[] {
  const canonicalIndex = new Map(canonicalIds.map((id, index) => [id, index]));
  const seen = new Set<string>();
  const ordered: string[] = [];
  for (const id of [...displayIds, ...canonicalIds]) {
    if (!canonicalIndex.has(id) || seen.has(id)) continue;
    seen.add(id);
    ordered.push(id);
  }
  return ordered.map((id, displayIndex) => ({
    id,
    label: responseLabel(displayIndex),
    canonicalIndex: canonicalIndex.get(id) ?? 0,
    displayIndex,
  }));
}

/** The label of a response id, or null when it is not among `responses`. */
export function labelOf(responses: readonly DisplayedResponse[], id: string | null | undefined): string | null {
  return responses.find((r) => r.id === id)?.label ?? null;
}

/** The response shown at a display position (0-based), or null. */
export function atDisplayIndex(responses: readonly DisplayedResponse[], displayIndex: number): DisplayedResponse | null {
  return responses[displayIndex] ?? null;
}
