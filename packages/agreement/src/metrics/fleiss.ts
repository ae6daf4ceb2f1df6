import { type Label, distinctLabels, indexOf, orderCategories } from './labels.ts';

export interface FleissKappaDetail {
  /** NaN when undefined: no subjects, fewer than two raters per subject, or one category only (P-e = 1) [M0]. */
  kappa: number;
  /** Mean per-subject agreement P-bar. */
  pBar: number;
  /** Chance agreement P-e = sum of p_j^2. */
  pE: number;
  /** Share of all ratings in each category (column order). */
  p: number[];
  /** Per-subject agreement P_i. */
  perSubject: number[];
  subjects: number;
  /** Raters per subject (n). */
  raters: number;
}

/**
 * Fleiss' kappa [M3]: rows are subjects, columns categories, cells the number of raters who chose that
 * category for that subject. Every row must sum to the same number of raters.
 *
 * @example fleissKappa([[0, 3], [2, 1], [3, 0]])
 */
export function fleissKappa(countsPerSubject: readonly (readonly number[])[]): number {
  return fleissKappaDetail(countsPerSubject).kappa;
}

/** {@link fleissKappa} with P-bar, P-e, category shares p_j and per-subject P_i [M3]. */
export function fleissKappaDetail(countsPerSubject: readonly (readonly number[])[]): FleissKappaDetail {
  const subjects = countsPerSubject.length;
  const k = subjects === 0 ? 0 : (countsPerSubject[0] as readonly number[]).length;
  const totals = new Array<number>(k).fill(0);
  const perSubject: number[] = [];
  let raters = -1;
  for (const [i, row] of countsPerSubject.entries()) {
    if (row.length !== k) throw new Error(`fleissKappa: subject ${i} has ${row.length} categories, expected ${k}`);
    let n = 0;
    let agreeing = 0;
    for (let j = 0; j < k; j++) {
      const c = row[j] as number;
      if (!Number.isInteger(c) || c < 0) throw new Error(`fleissKappa: counts must be non-negative integers (subject ${i})`);
      n += c;
      agreeing += c * (c - 1);
      totals[j]! += c;
    }
    if (raters === -1) raters = n;
    else if (n !== raters) {
      throw new Error(`fleissKappa: subject ${i} has ${n} ratings, others ${raters}; Fleiss needs equal raters per subject (use Krippendorff's alpha)`);
    }
    perSubject.push(n < 2 ? NaN : agreeing / (n * (n - 1)));
  }
  if (subjects === 0 || raters < 2) {
    return { kappa: NaN, pBar: NaN, pE: NaN, p: totals.map(() => NaN), perSubject, subjects, raters: Math.max(raters, 0) };
  }
  const all = subjects * raters;
  const p = totals.map((t) => t / all);
  const pBar = perSubject.reduce((s, x) => s + x, 0) / subjects;
  const pE = p.reduce((s, x) => s + x * x, 0);
  const used = totals.filter((t) => t > 0).length;
  return { kappa: used < 2 ? NaN : (pBar - pE) / (1 - pE), pBar, pE, p, perSubject, subjects, raters };
}

/**
 * Labels per unit → the Fleiss table [M3]: one row per unit, one column per category (sorted, or `categories`).
 * null/undefined ratings are skipped (rows may then differ in sum: Fleiss will refuse them).
 */
export function categoryCounts(
  ratingsByUnit: readonly (readonly (Label | null | undefined)[])[],
  options: { categories?: readonly Label[] } = {},
): { categories: Label[]; counts: number[][] } {
  const categories = orderCategories(distinctLabels(ratingsByUnit), options.categories);
  const index = indexOf(categories);
  const counts = ratingsByUnit.map((ratings) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const r of ratings) if (r !== null && r !== undefined) row[index.get(r) as number]!++;
    return row;
  });
  return { categories, counts };
}
