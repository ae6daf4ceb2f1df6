// Straightforward textbook implementations, written independently of src/metrics, used only to cross-check
// the values the benchmark prints (no npm package for Cohen's or Fleiss' kappa was found; see agreement.ts).
import { type Box, boxIou } from '../src/index.ts';

/** Cohen's kappa from its definition: p_o and p_e from per-label counts of each rater. */
export function textbookCohenKappa(a: readonly number[], b: readonly number[]): number {
  const countsA = new Map<number, number>();
  const countsB = new Map<number, number>();
  let same = 0;
  for (let i = 0; i < a.length; i++) {
    countsA.set(a[i]!, (countsA.get(a[i]!) ?? 0) + 1);
    countsB.set(b[i]!, (countsB.get(b[i]!) ?? 0) + 1);
    if (a[i] === b[i]) same++;
  }
  const n = a.length;
  let chance = 0;
  for (const [label, count] of countsA) chance += (count / n) * ((countsB.get(label) ?? 0) / n);
  return (same / n - chance) / (1 - chance);
}

/** Fleiss' kappa from labels (every item rated by every annotator): P-bar and P-e as on Wikipedia. */
export function textbookFleissKappa(annotatorsByItems: readonly (readonly number[])[]): number {
  const raters = annotatorsByItems.length;
  const items = annotatorsByItems[0]!.length;
  const totals = new Map<number, number>();
  let pBarSum = 0;
  for (let i = 0; i < items; i++) {
    const counts = new Map<number, number>();
    for (const row of annotatorsByItems) counts.set(row[i]!, (counts.get(row[i]!) ?? 0) + 1);
    let agree = 0;
    for (const [label, c] of counts) {
      agree += c * (c - 1);
      totals.set(label, (totals.get(label) ?? 0) + c);
    }
    pBarSum += agree / (raters * (raters - 1));
  }
  let pE = 0;
  for (const t of totals.values()) pE += (t / (items * raters)) ** 2;
  const pBar = pBarSum / items;
  return (pBar - pE) / (1 - pE);
}

/**
 * Krippendorff's ordinal distance between two values given the counts of every pairable value:
 * (sum of counts from c to k - (n_c + n_k)/2)^2. Used as the peer package's metric function.
 */
export function ordinalDistance(pairableCounts: ReadonlyMap<number, number>): (c: number, k: number) => number {
  const values = [...pairableCounts.keys()].sort((x, y) => x - y);
  return (c, k) => {
    if (c === k) return 0;
    const [low, high] = c < k ? [c, k] : [k, c];
    let between = 0;
    for (const v of values) if (v >= low && v <= high) between += pairableCounts.get(v)!;
    return (between - (pairableCounts.get(c)! + pairableCounts.get(k)!) / 2) ** 2;
  };
}

/**
 * Greedy best-first box matching (the common shortcut): take pairs by falling IoU while both boxes are free.
 * Returns the F1 2 * matched / (|A| + |B|); the optimal assignment never matches fewer pairs.
 */
export function greedyMatchF1(a: readonly Box[], b: readonly Box[], threshold = 0.5): number {
  const candidates: [number, number, number][] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = 0; j < b.length; j++) {
      const iou = boxIou(a[i]!, b[j]!);
      if (iou >= threshold) candidates.push([iou, i, j]);
    }
  }
  candidates.sort((x, y) => y[0] - x[0]);
  const usedA = new Set<number>();
  const usedB = new Set<number>();
  for (const [, i, j] of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue;
    usedA.add(i);
    usedB.add(j);
  }
  return (2 * usedA.size) / (a.length + b.length);
}
