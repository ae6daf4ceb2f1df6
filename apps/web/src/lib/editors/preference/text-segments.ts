/** A span of a response's text to mark (a quote). Offsets are UTF-16 indexes, `start < end`. */
export interface MarkedRange {
  id: string;
  start: number;
  end: number;
}

/** A run of text and the ids of the ranges covering all of it (empty: plain text). */
export interface TextSegment {
  text: string;
  start: number;
  marks: string[];
}

/**
 * Splits `text` at every range boundary so each run can be rendered as plain text, highlighted when
 * some ranges cover it. Concatenating the segments gives `text` back. Ranges outside the text are
 * clamped; empty or dangling ones (start < 0) are ignored.
 *
 * @example
 *   textSegments('hello world', [{ id: 'q1', start: 6, end: 11 }])
 *   // [{ text: 'hello ', start: 0, marks: [] }, { text: 'world', start: 6, marks: ['q1'] }]
 */
export function textSegments(text: string, ranges: readonly MarkedRange[]): TextSegment[] {
  const valid = ranges
    .map((r) => ({ id: r.id, start: clamp(r.start, text.length), end: clamp(r.end, text.length) }))
    .filter((r, index) => ranges[index]!.start >= 0 && r.end > r.start);
  const cuts = new Set<number>([0, text.length]);
  for (const r of valid) cuts.add(r.start).add(r.end);
  const points = [...cuts].sort((a, b) => a - b);
  const segments: TextSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    if (end === start) continue;
    const marks = valid.filter((r) => r.start <= start && r.end >= end).map((r) => r.id);
    segments.push({ text: text.slice(start, end), start, marks });
  }
  return segments;
}

function clamp(index: number, length: number): number {
  return Number.isFinite(index) ? Math.max(0, Math.min(length, Math.trunc(index))) : 0;
}
