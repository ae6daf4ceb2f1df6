import type { Peer } from './presence.ts';

/** A run of text covered by the same remote selections (their colors, in peer order). */
export interface OverlayText {
  kind: 'text';
  text: string;
  highlights: string[];
}

/** A remote caret, between two characters. */
export interface OverlayCaret {
  kind: 'caret';
  peer: Peer;
}

export type OverlayPart = OverlayText | OverlayCaret;

/**
 * Splits `text` at every remote selection boundary and caret, for the overlay that mirrors the
 * textarea. Concatenating the text parts gives `text` back exactly; carets sit before the character at
 * their index. Indexes are clamped to the text and never split a surrogate pair.
 *
 * @example
 *   overlayParts('hello', [{ ...peer, cursor: { anchor: 1, head: 3 } }])
 *   // [text 'h'], [text 'el', highlighted], [caret], [text 'lo']
 */
export function overlayParts(text: string, peers: readonly Peer[]): OverlayPart[] {
  const ranges = peers.flatMap((peer) => {
    if (peer.cursor === null) return [];
    const anchor = snap(text, peer.cursor.anchor);
    const head = snap(text, peer.cursor.head);
    return [{ peer, start: Math.min(anchor, head), end: Math.max(anchor, head), head }];
  });
  const cuts = new Set<number>([0, text.length]);
  for (const r of ranges) cuts.add(r.start).add(r.end).add(r.head);
  const points = [...cuts].sort((a, b) => a - b);

  const parts: OverlayPart[] = [];
  points.forEach((at, i) => {
    for (const r of ranges) if (r.head === at) parts.push({ kind: 'caret', peer: r.peer });
    const next = points[i + 1];
    if (next === undefined || next === at) return;
    const highlights = ranges.filter((r) => r.start <= at && r.end >= next).map((r) => r.peer.color);
    parts.push({ kind: 'text', text: text.slice(at, next), highlights });
  });
  return parts;
}

function snap(text: string, index: number): number {
  const at = Math.max(0, Math.min(text.length, Math.trunc(index)));
  const low = text.charCodeAt(at);
  const high = text.charCodeAt(at - 1);
  const splitsPair = high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff;
  return splitsPair ? at - 1 : at;
}
