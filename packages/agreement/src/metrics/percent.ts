import type { Label } from './labels.ts';

/**
 * Share of units on which two raters gave the same label [M1]; NaN for no units.
 *
 * @example percentAgreement(['a', 'b', 'c'], ['a', 'b', 'x']) // 2/3
 */
export function percentAgreement(a: readonly Label[], b: readonly Label[]): number {
  if (a.length !== b.length) throw new Error(`percentAgreement: ratings differ in length (${a.length} vs ${b.length})`);
  if (a.length === 0) return NaN;
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[i]) same++;
  return same / a.length;
}

/**
 * Multi-rater percent agreement [M1]: per unit, the share of pairs of its ratings that are equal; then the
 * mean over units with at least two ratings (null/undefined = missing). NaN when no unit has two ratings.
 * With the same number of raters on every unit this is Fleiss' P-bar.
 *
 * @example pairwisePercentAgreement([['a', 'a', 'b'], ['x', 'x']]) // (1/3 + 1) / 2
 */
export function pairwisePercentAgreement(ratingsByUnit: readonly (readonly (Label | null | undefined)[])[]): number {
  let sum = 0;
  let units = 0;
  for (const ratings of ratingsByUnit) {
    const counts = new Map<Label, number>();
    let m = 0;
    for (const r of ratings) {
      if (r === null || r === undefined) continue;
      counts.set(r, (counts.get(r) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    sum += agreeing / (m * (m - 1));
    units++;
  }
  return units === 0 ? NaN : sum / units;
}
