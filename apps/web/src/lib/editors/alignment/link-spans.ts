/** A link as the caption rendering needs it: its resolved span and the region it points at. */
export interface SpanLink {
  id: string;
  regionId: string;
  /** UTF-16 offsets into the caption; `-1` when the link's words are gone. */
  start: number;
  end: number;
}

/** A run of the caption and the links covering all of it (none: plain text). */
export interface CaptionSegment {
  text: string;
  start: number;
  links: SpanLink[];
}

/**
 * Splits the caption at every link boundary so each run renders as plain text, highlighted in the
 * colours of the links over it. Concatenating the segments gives the caption back; dangling or empty
 * links are left out, spans past the end are clipped.
 *
 * @example
 *   captionSegments('a red car', [{ id: 'l1', regionId: 'r1', start: 2, end: 9 }])
 *   // [{ text: 'a ', start: 0, links: [] }, { text: 'red car', start: 2, links: [l1] }]
 */
export function captionSegments(caption: string, links: readonly SpanLink[]): CaptionSegment[] {
  const valid = links.filter((l) => l.start >= 0 && Math.min(l.end, caption.length) > l.start);
  const cuts = new Set<number>([0, caption.length]);
  for (const link of valid) cuts.add(link.start).add(Math.min(link.end, caption.length));
  const points = [...cuts].sort((a, b) => a - b);
  const segments: CaptionSegment[] = [];
  for (let i = 0; i < points.length - 1; i++) {
    const start = points[i] as number;
    const end = points[i + 1] as number;
    segments.push({ text: caption.slice(start, end), start, links: valid.filter((l) => l.start <= start && l.end >= end) });
  }
  return segments;
}

/**
 * A CSS background for a run covered by links of these colours (`#rrggbb`): stacked translucent tints,
 * stronger for the hovered region's links.
 */
export function spanBackground(colors: readonly string[], strong = false): string | undefined {
  if (colors.length === 0) return undefined;
  const alpha = strong ? '66' : '2e';
  return colors.map((c) => `linear-gradient(${c}${alpha}, ${c}${alpha})`).join(', ');
}
