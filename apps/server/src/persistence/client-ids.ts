import * as Y from 'yjs';

/**
 * The Yjs client ids whose new content an update carries (its structs, not its delete set).
 * Returns an empty list for bytes that are not an update; callers validate updates first.
 */
export function clientIdsOf(update: Uint8Array): number[] {
  try {
    return [...Y.parseUpdateMeta(update).from.keys()];
  } catch {
    return [];
  }
}
