import * as Y from 'yjs';

/** A relative position in its JSON form, as stored in links and quotes. */
export type StoredPosition = Record<string, unknown>;

/** A span of a text resolved to character offsets; `-1` for both when it cannot be resolved. */
export interface ResolvedSpan {
  start: number;
  end: number;
  /** The characters between start and end ('' when dangling). */
  text: string;
}

/**
 * [A3] Anchors a span of a Y.Text: the start sticks to the character after it (assoc 0), the end to the
 * character before it (assoc -1), so text typed at either edge stays outside the span.
 */
export function anchorSpan(text: Y.Text, start: number, end: number): { start: StoredPosition; end: StoredPosition } {
  return {
    start: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, start, 0)) as StoredPosition,
    end: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, end, -1)) as StoredPosition,
  };
}

function isId(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const { client, clock } = value as Record<string, unknown>;
  return Number.isSafeInteger(client) && Number.isSafeInteger(clock);
}

function parsePosition(value: unknown): Y.RelativePosition | null {
  if (typeof value !== 'object' || value === null) return null;
  const json = value as Record<string, unknown>;
  if (json.item != null && !isId(json.item)) return null;
  if (json.type != null && !isId(json.type)) return null;
  if (json.tname != null && typeof json.tname !== 'string') return null;
  if (json.assoc != null && typeof json.assoc !== 'number') return null;
  return Y.createRelativePositionFromJSON(json);
}

function resolve(doc: Y.Doc, text: Y.Text, value: unknown): number {
  const position = parsePosition(value);
  if (!position) return -1;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    return absolute && absolute.type === text ? absolute.index : -1;
  } catch {
    // A position from a peer can name structs this replica garbage-collected: read it as dangling (A1).
    return -1;
  }
}

/**
 * [A1] Resolves a stored span against a text; dangling anchors (unknown items, another text) give
 * `{ start: -1, end: -1, text: '' }`. An end before the start (its words deleted) collapses to the start.
 */
export function resolveSpan(doc: Y.Doc, text: Y.Text | null, start: unknown, end: unknown): ResolvedSpan {
  if (!text) return { start: -1, end: -1, text: '' };
  const from = resolve(doc, text, start);
  const to = resolve(doc, text, end);
  if (from < 0 || to < 0) return { start: -1, end: -1, text: '' };
  const until = Math.max(from, to);
  return { start: from, end: until, text: text.toString().slice(from, until) };
}
