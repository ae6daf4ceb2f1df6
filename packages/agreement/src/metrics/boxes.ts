import { assignMinCost } from './hungarian.ts';

/** An axis-aligned box (x, y = a corner, w, h = extent; a negative extent runs the other way). */
export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
  /** Compared for label agreement on matched pairs; absent counts as ''. */
  label?: string;
}

export interface MatchBoxesOptions {
  /** Minimum IoU of a matched pair (default 0.5). */
  iou?: number;
}

export interface BoxMatch {
  /** Matched pairs: index into `a`, index into `b`, their IoU (>= the threshold). */
  pairs: { a: number; b: number; iou: number }[];
  /** 2 * matched / (|A| + |B|); NaN when both sides are empty [M6]. */
  f1: number;
  /** Mean IoU of matched pairs; NaN when none. */
  meanIou: number;
  /** Share of matched pairs whose labels are equal; NaN when none. */
  labelAgreement: number;
}

/**
 * Intersection over union of two boxes [M6]; NaN when both have zero area (union 0).
 *
 * @example boxIou({ x: 0, y: 0, w: 10, h: 10 }, { x: 5, y: 5, w: 10, h: 10 }) // 1/7
 */
export function boxIou(a: Box, b: Box): number {
  const [ax0, ax1] = span(a.x, a.w);
  const [ay0, ay1] = span(a.y, a.h);
  const [bx0, bx1] = span(b.x, b.w);
  const [by0, by1] = span(b.y, b.h);
  const iw = Math.max(0, Math.min(ax1, bx1) - Math.max(ax0, bx0));
  const ih = Math.max(0, Math.min(ay1, by1) - Math.max(ay0, by0));
  const intersection = iw * ih;
  const union = (ax1 - ax0) * (ay1 - ay0) + (bx1 - bx0) * (by1 - by0) - intersection;
  return union > 0 ? intersection / union : NaN;
}

function span(start: number, extent: number): [number, number] {
  return extent >= 0 ? [start, start + extent] : [start + extent, start];
}

/**
 * Matches two annotators' boxes one-to-one [M6]: the assignment maximising the total IoU of pairs that
 * count (pairs below the threshold count 0, so they cannot displace a real match), by the Hungarian
 * algorithm; pairs with IoU >= threshold (and > 0) are kept.
 *
 * @example matchBoxes(annotatorA.boxes, annotatorB.boxes, { iou: 0.5 }).f1
 */
export function matchBoxes(a: readonly Box[], b: readonly Box[], options: MatchBoxesOptions = {}): BoxMatch {
  const threshold = options.iou ?? 0.5;
  const ious = a.map((boxA) =>
    b.map((boxB) => {
      const iou = boxIou(boxA, boxB);
      return iou >= threshold && iou > 0 ? iou : 0;
    }),
  );
  const assignment = assignMinCost(ious.map((row) => row.map((iou) => 1 - iou)));
  const pairs: BoxMatch['pairs'] = [];
  assignment.forEach((j, i) => {
    const iou = j < 0 ? 0 : (ious[i] as number[])[j]!;
    if (iou > 0) pairs.push({ a: i, b: j, iou });
  });
  let iouSum = 0;
  let sameLabel = 0;
  for (const pair of pairs) {
    iouSum += pair.iou;
    if ((a[pair.a]?.label ?? '') === (b[pair.b]?.label ?? '')) sameLabel++;
  }
  const total = a.length + b.length;
  return {
    pairs,
    f1: total === 0 ? NaN : (2 * pairs.length) / total,
    meanIou: pairs.length === 0 ? NaN : iouSum / pairs.length,
    labelAgreement: pairs.length === 0 ? NaN : sameLabel / pairs.length,
  };
}
