import * as Y from 'yjs';
import type { CursorRange } from './presence.ts';

/** A selection anchored to characters rather than indexes: it survives concurrent edits. */
export interface RelativeSelection {
  anchor: Y.RelativePosition;
  head: Y.RelativePosition;
}

/** The awareness `cursor` field: both ends as `Y.relativePositionToJSON` objects. */
export interface CursorJSON {
  anchor: Record<string, unknown>;
  head: Record<string, unknown>;
}

/**
 * Anchors a selection of `text` to its characters. A caret sticks to the character before it, so text
 * someone else types exactly at the caret appears after it; a range sticks to its first and last
 * characters, so text typed at either edge stays outside the selection.
 *
 * @example
 *   const rel = toRelativeSelection(text, { anchor: 2, head: 2 });
 *   other.insert(0, 'abc'); // a concurrent edit before the caret
 *   toAbsoluteSelection(text, rel); // { anchor: 5, head: 5 }
 */
export function toRelativeSelection(text: Y.Text, selection: CursorRange): RelativeSelection {
  const anchor = clamp(selection.anchor, text.length);
  const head = clamp(selection.head, text.length);
  if (anchor === head) {
    const caret = Y.createRelativePositionFromTypeIndex(text, head, -1);
    return { anchor: caret, head: caret };
  }
  const assoc = (end: number) => (end === Math.min(anchor, head) ? 0 : -1);
  return {
    anchor: Y.createRelativePositionFromTypeIndex(text, anchor, assoc(anchor)),
    head: Y.createRelativePositionFromTypeIndex(text, head, assoc(head)),
  };
}

/** Where a relative selection is now in `text`, or null when it points elsewhere (another type, unknown items). */
export function toAbsoluteSelection(text: Y.Text, selection: RelativeSelection): CursorRange | null {
  const anchor = absoluteIndex(text, selection.anchor);
  const head = absoluteIndex(text, selection.head);
  return anchor === null || head === null ? null : { anchor, head };
}

/** Serialises a relative selection for the awareness state. */
export function selectionToJSON(selection: RelativeSelection): CursorJSON {
  return {
    anchor: Y.relativePositionToJSON(selection.anchor) as Record<string, unknown>,
    head: Y.relativePositionToJSON(selection.head) as Record<string, unknown>,
  };
}

/**
 * Parses an untrusted awareness `cursor` field. Only positions inside `text` itself are accepted: a
 * position naming another root type would otherwise make Yjs create that type locally.
 */
export function selectionFromJSON(text: Y.Text, raw: unknown): RelativeSelection | null {
  if (!isRecord(raw)) return null;
  const anchor = positionFromJSON(text, raw.anchor);
  const head = positionFromJSON(text, raw.head);
  return anchor === null || head === null ? null : { anchor, head };
}

/**
 * A peer's awareness `cursor` resolved to indexes in `text` now; null when absent or malformed.
 *
 * @example peersFromStates(awareness.getStates(), doc.clientID, (raw) => resolveCursor(text, raw))
 */
export function resolveCursor(text: Y.Text, raw: unknown): CursorRange | null {
  const selection = selectionFromJSON(text, raw);
  return selection === null ? null : toAbsoluteSelection(text, selection);
}

function positionFromJSON(text: Y.Text, raw: unknown): Y.RelativePosition | null {
  if (!isRecord(raw) || raw.type != null) return null;
  const { item, tname, assoc } = raw;
  if (assoc != null && !(typeof assoc === 'number' && Number.isInteger(assoc))) return null;
  // Positions in a root type carry its name, and the character's id unless they sit at an end.
  if (typeof tname !== 'string' || tname !== rootName(text)) return null;
  if (item == null) return Y.createRelativePositionFromJSON({ tname, assoc });
  if (!isRecord(item) || !isUint(item.client) || !isUint(item.clock)) return null;
  return Y.createRelativePositionFromJSON({ tname, item: { client: item.client, clock: item.clock }, assoc });
}

function absoluteIndex(text: Y.Text, position: Y.RelativePosition): number | null {
  const doc = text.doc;
  if (doc === null) return null;
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(position, doc);
    return absolute !== null && absolute.type === text ? clamp(absolute.index, text.length) : null;
  } catch {
    return null;
  }
}

function rootName(text: Y.Text): string | null {
  const target: unknown = text;
  for (const [name, type] of text.doc?.share ?? []) if (type === target) return name;
  return null;
}

function clamp(index: number, length: number): number {
  return Number.isFinite(index) ? Math.max(0, Math.min(length, Math.trunc(index))) : length;
}

function isUint(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
