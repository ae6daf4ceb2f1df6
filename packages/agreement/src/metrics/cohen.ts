import { type Label, distinctLabels, indexOf, orderCategories } from './labels.ts';

/** Disagreement weights of an ordered category set; none = every disagreement counts 1 [M2]. */
export type KappaWeights = 'linear' | 'quadratic';

export interface CohenKappaOptions {
  /** Weighted kappa over the order of `categories` (or of the sorted labels). */
  weights?: KappaWeights;
  /** The order of the categories (weights) and the rows of the confusion matrix; every label must be in it. */
  categories?: readonly Label[];
}

/** Cohen's kappa with what belongs beside it (the kappa paradox: read it with agreement and prevalence) [M2]. */
export interface CohenKappaDetail {
  /** NaN when undefined: no units, or at most one category used by both raters together [M0]. */
  kappa: number;
  /** Observed agreement, weighted when weights are given (1 - weighted observed disagreement). */
  observed: number;
  /** Agreement expected by chance from the two raters' marginals, weighted like `observed`. */
  expected: number;
  /** Share of units with equal labels (unweighted); NaN when n = 0. */
  percentAgreement: number;
  /** Number of units. */
  n: number;
  /** Share of all 2n ratings per label, keyed by String(label). */
  prevalence: Record<string, number>;
  /** Rater a's labels in rows, rater b's in columns, in category order. */
  confusion: { labels: Label[]; counts: number[][] };
}

/**
 * Cohen's kappa of two raters over the same units [M2].
 *
 * @example cohenKappa(['y', 'n', 'y'], ['y', 'n', 'n']) // 0.4
 * @example cohenKappa([1, 2, 3], [1, 3, 3], { weights: 'quadratic' })
 */
export function cohenKappa(a: readonly Label[], b: readonly Label[], options: CohenKappaOptions = {}): number {
  return cohenKappaDetail(a, b, options).kappa;
}

/** {@link cohenKappa} with observed and expected agreement, prevalence and the confusion matrix [M2]. */
export function cohenKappaDetail(
  a: readonly Label[],
  b: readonly Label[],
  options: CohenKappaOptions = {},
): CohenKappaDetail {
  if (a.length !== b.length) throw new Error(`cohenKappa: ratings differ in length (${a.length} vs ${b.length})`);
  const labels = orderCategories(distinctLabels([a, b]), options.categories);
  const index = indexOf(labels);
  const k = labels.length;
  const cells = new Float64Array(k * k);
  for (let i = 0; i < a.length; i++) cells[(index.get(a[i] as Label) as number) * k + (index.get(b[i] as Label) as number)]!++;
  const counts = labels.map((_, row) => Array.from(cells.subarray(row * k, row * k + k)));
  return { ...kappaFromConfusion(counts, options.weights), confusion: { labels, counts }, prevalence: prevalenceOf(labels, counts) };
}

/**
 * Cohen's kappa from a square confusion matrix (rater a in rows, rater b in columns), rows and columns
 * in category order (the order weights use) [M2].
 *
 * @example kappaFromConfusion([[20, 5], [10, 15]]).kappa // 0.4
 */
export function kappaFromConfusion(
  counts: readonly (readonly number[])[],
  weights?: KappaWeights,
): Pick<CohenKappaDetail, 'kappa' | 'observed' | 'expected' | 'percentAgreement' | 'n'> {
  const k = counts.length;
  const rows = new Array<number>(k).fill(0);
  const cols = new Array<number>(k).fill(0);
  let n = 0;
  let diagonal = 0;
  for (let i = 0; i < k; i++) {
    const row = counts[i] as readonly number[];
    if (row.length !== k) throw new Error('kappaFromConfusion: the confusion matrix must be square');
    for (let j = 0; j < k; j++) {
      const c = row[j] as number;
      rows[i]! += c;
      cols[j]! += c;
      n += c;
      if (i === j) diagonal += c;
    }
  }
  if (n === 0) return { kappa: NaN, observed: NaN, expected: NaN, percentAgreement: NaN, n: 0 };
  let observedDisagreement = 0;
  let expectedDisagreement = 0;
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      if (i === j) continue;
      const w = disagreementWeight(i, j, k, weights);
      observedDisagreement += (w * (counts[i] as readonly number[])[j]!) / n;
      expectedDisagreement += (w * rows[i]! * cols[j]!) / (n * n);
    }
  }
  // Off-diagonal chance products are exactly 0 when at most one category is used: p_e = 1, kappa 0/0 [M0].
  const kappa = expectedDisagreement === 0 ? NaN : 1 - observedDisagreement / expectedDisagreement;
  return { kappa, observed: 1 - observedDisagreement, expected: 1 - expectedDisagreement, percentAgreement: diagonal / n, n };
}

function disagreementWeight(i: number, j: number, k: number, weights: KappaWeights | undefined): number {
  if (weights === undefined) return 1;
  const d = Math.abs(i - j) / (k - 1);
  return weights === 'linear' ? d : d * d;
}

function prevalenceOf(labels: readonly Label[], counts: readonly (readonly number[])[]): Record<string, number> {
  const prevalence: Record<string, number> = {};
  let total = 0;
  for (const row of counts) for (const c of row) total += 2 * c;
  if (total === 0) return prevalence;
  labels.forEach((label, i) => {
    let share = 0;
    for (let j = 0; j < labels.length; j++) share += (counts[i] as readonly number[])[j]! + (counts[j] as readonly number[])[i]!;
    prevalence[String(label)] = share / total;
  });
  return prevalence;
}
