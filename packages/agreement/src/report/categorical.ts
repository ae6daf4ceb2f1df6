import type { MetricName, MetricValue } from '@concord/protocol';
import { cohenKappaDetail, kappaFromConfusion, type KappaWeights } from '../metrics/cohen.ts';
import { fleissKappa } from '../metrics/fleiss.ts';
import { krippendorffAlphaDetail, type KrippendorffLevel } from '../metrics/krippendorff.ts';
import { compareLabels, type Label } from '../metrics/labels.ts';
import { pairwisePercentAgreement } from '../metrics/percent.ts';
import { metricValue, prevalenceOf, unitCi, type CiContext } from './metric-value.ts';

/** The pairs of labels compared on one unit (first = the annotator or rater in rows). */
export type LabelPairs = [Label, Label][];

const noVariance = 'every rating has the same label, so chance agreement is total (see percent agreement)';

/** The sorted category set of some labels. */
function categoriesOf(labels: Iterable<Label>): Label[] {
  return [...new Set(labels)].sort(compareLabels);
}

/** One unit's confusion cells (row · k + column), a single cell as a number. */
type Cells = number | number[];

/** Kappa of the summed confusion cells of some units: what a bootstrap resample recomputes. */
function confusionKappa(k: number, weights: KappaWeights | undefined): (sample: Cells[]) => number {
  return (sample) => {
    const flat = new Float64Array(k * k);
    for (const cells of sample) {
      if (typeof cells === 'number') flat[cells]! += 1;
      else for (const cell of cells) flat[cell]! += 1;
    }
    const counts = Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
    return kappaFromConfusion(counts, weights).kappa;
  };
}

/**
 * [Q4] Cohen's kappa pooled over pairs of labels (unweighted for nominal fields, quadratic weights over the
 * sorted values for ordinal ones), with percent agreement, prevalence and the confusion matrix; the interval
 * resamples units, each with all its pairs.
 */
export function pooledKappa(
  perUnit: readonly LabelPairs[],
  options: { weights?: KappaWeights; raters: number; subject: string; ctx: CiContext },
): MetricValue {
  const a: Label[] = [];
  const b: Label[] = [];
  for (const pairs of perUnit) {
    for (const [x, y] of pairs) {
      a.push(x);
      b.push(y);
    }
  }
  const categories = categoriesOf([...a, ...b]);
  const detail = cohenKappaDetail(a, b, { categories, ...(options.weights ? { weights: options.weights } : {}) });
  const index = new Map(categories.map((label, i) => [label, i]));
  const k = categories.length;
  const cell = ([x, y]: [Label, Label]) => (index.get(x) ?? 0) * k + (index.get(y) ?? 0);
  const coded = perUnit.filter((pairs) => pairs.length > 0).map((pairs): Cells => (pairs.length === 1 ? cell(pairs[0] as [Label, Label]) : pairs.map(cell)));
  const metric: MetricName = options.weights === 'quadratic' ? 'weighted_kappa_quadratic' : options.weights === 'linear' ? 'weighted_kappa_linear' : 'cohen_kappa';
  return metricValue({
    metric,
    value: detail.kappa,
    ci: unitCi(coded, confusionKappa(k, options.weights), options.ctx, { estimate: detail.kappa }),
    units: coded.length,
    raters: options.raters,
    percentAgreement: detail.percentAgreement,
    prevalence: detail.prevalence,
    subject: options.subject,
    undefinedReason: noVariance,
  });
}

/**
 * [Q4] Fleiss' kappa over units that all have the same number of ratings (raters may differ between units).
 * Its interval resamples units through the identity it rests on: with m ratings on every unit, Fleiss' kappa
 * equals Cohen's kappa of the symmetric table of all ordered pairs of ratings within units (P̄ is the share
 * of agreeing pairs, P_e the sum of squared label shares), which is cheap to sum per resample.
 */
export function fleiss(perUnit: readonly Label[][], options: { raters: number; subject: string; ctx: CiContext }): MetricValue {
  const categories = categoriesOf(perUnit.flat());
  const index = new Map(categories.map((label, i) => [label, i]));
  const k = categories.length;
  const rows = perUnit.map((labels) => {
    const row = new Array<number>(k).fill(0);
    for (const label of labels) row[index.get(label) ?? 0]! += 1;
    return row;
  });
  const value = rows.length === 0 ? NaN : fleissKappa(rows);
  const pairCells = perUnit.map((labels): Cells => {
    const cells: number[] = [];
    for (let i = 0; i < labels.length; i++) {
      for (let j = 0; j < labels.length; j++) if (i !== j) cells.push((index.get(labels[i] as Label) ?? 0) * k + (index.get(labels[j] as Label) ?? 0));
    }
    return cells;
  });
  return metricValue({
    metric: 'fleiss_kappa',
    value,
    ci: unitCi(pairCells, confusionKappa(k, undefined), options.ctx, { estimate: value }),
    units: rows.length,
    raters: options.raters,
    percentAgreement: pairwisePercentAgreement(perUnit),
    prevalence: prevalenceOf(perUnit.flat()),
    subject: options.subject,
    undefinedReason: noVariance,
  });
}

const alphaMetric: Record<KrippendorffLevel, MetricName> = {
  nominal: 'alpha_nominal',
  ordinal: 'alpha_ordinal',
  interval: 'alpha_interval',
  ratio: 'alpha_ratio',
};

/** [Q3] A unit visit of Krippendorff's alpha costs about this many visits of a summed-table statistic. */
export const alphaVisitCost = 40;

/**
 * [Q4] Krippendorff's alpha over units with any number of ratings (who rated does not matter to alpha, so
 * each unit's values fill slots). `interval: false` skips the interval (metrics shown beside a primary one).
 */
export function alpha(
  perUnit: readonly Label[][],
  options: { level: KrippendorffLevel; raters: number; subject: string; ctx: CiContext; interval?: boolean },
): MetricValue {
  const slots = perUnit.reduce((max, values) => Math.max(max, values.length), 0);
  const matrix = (units: readonly Label[][]) => Array.from({ length: slots }, (_, s) => units.map((values) => values[s] ?? null));
  const statistic = (units: Label[][]) => krippendorffAlphaDetail(matrix(units), { level: options.level }).alpha;
  const value = perUnit.length === 0 ? NaN : statistic([...perUnit]);
  return metricValue({
    metric: alphaMetric[options.level],
    value,
    ci: options.interval === false ? null : unitCi(perUnit, statistic, options.ctx, { estimate: value, cost: alphaVisitCost }),
    units: perUnit.length,
    raters: options.raters,
    percentAgreement: pairwisePercentAgreement(perUnit),
    prevalence: prevalenceOf(perUnit.flat()),
    subject: options.subject,
    undefinedReason: noVariance,
  });
}
