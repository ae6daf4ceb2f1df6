import type { MetricName, MetricValue } from '@concord/protocol';
import { cohenKappaDetail, kappaFromConfusion, type KappaWeights } from '../metrics/cohen.ts';
import { fleissKappa } from '../metrics/fleiss.ts';
import { krippendorffAlphaDetail, type KrippendorffLevel } from '../metrics/krippendorff.ts';
import { compareLabels, type Label } from '../metrics/labels.ts';
import { pairwisePercentAgreement } from '../metrics/percent.ts';
import { bootstrapCi } from '../metrics/bootstrap.ts';
import { iterationsFor, metricValue, prevalenceOf, unitCi, type CiContext } from './metric-value.ts';

/** The pairs of labels compared on one unit (first = the annotator or rater in rows). */
export type LabelPairs = [Label, Label][];

const noVariance = 'every rating has the same label, so chance agreement is total (see percent agreement)';

/** The sorted category set of some labels. */
function categoriesOf(labels: Iterable<Label>): Label[] {
  return [...new Set(labels)].sort(compareLabels);
}

/**
 * [Q4] Cohen's kappa pooled over pairs of labels (unweighted for nominal fields, quadratic weights over the
 * sorted values for ordinal ones), with percent agreement, prevalence and the confusion matrix; the interval
 * resamples units, each with all its pairs.
 */
export function pooledKappa(
  perUnit: readonly LabelPairs[],
  options: { weights?: KappaWeights; raters: number; subject: string; ctx: CiContext },
): { value: MetricValue; confusion: { labels: Label[]; counts: number[][] } } {
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
  const coded = perUnit.map((pairs) => pairs.map(([x, y]) => (index.get(x) ?? 0) * k + (index.get(y) ?? 0)));
  const statistic = (sample: number[][]) => {
    const counts = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    for (const cells of sample) for (const cell of cells) (counts[Math.floor(cell / k)] as number[])[cell % k]! += 1;
    return kappaFromConfusion(counts, options.weights).kappa;
  };
  const metric: MetricName = options.weights === 'quadratic' ? 'weighted_kappa_quadratic' : options.weights === 'linear' ? 'weighted_kappa_linear' : 'cohen_kappa';
  const value = metricValue({
    metric,
    value: detail.kappa,
    ci: Number.isFinite(detail.kappa) ? unitCi(coded, statistic, options.ctx) : null,
    units: perUnit.filter((pairs) => pairs.length > 0).length,
    raters: options.raters,
    percentAgreement: detail.percentAgreement,
    prevalence: detail.prevalence,
    subject: options.subject,
    undefinedReason: noVariance,
  });
  return { value, confusion: detail.confusion };
}

/**
 * [Q4] Fleiss' kappa over units that all have the same number of ratings (raters may differ between units);
 * the interval resamples units' category counts.
 */
export function fleiss(perUnit: readonly Label[][], options: { raters: number; subject: string; ctx: CiContext }): MetricValue {
  const categories = categoriesOf(perUnit.flat());
  const index = new Map(categories.map((label, i) => [label, i]));
  const rows = perUnit.map((labels) => {
    const row = new Array<number>(categories.length).fill(0);
    for (const label of labels) row[index.get(label) ?? 0]! += 1;
    return row;
  });
  const value = rows.length === 0 ? NaN : fleissKappa(rows);
  return metricValue({
    metric: 'fleiss_kappa',
    value,
    ci: Number.isFinite(value) ? unitCi(rows, fleissKappa, options.ctx) : null,
    units: rows.length,
    raters: options.raters,
    percentAgreement: pairwisePercentAgreement(perUnit),
    prevalence: prevalenceOf(perUnit.flat().map(String)),
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

/** [Q3] Resampling Krippendorff's alpha costs about this many unit visits at most; beyond, no interval. */
export const alphaCiBudget = 60_000;

/**
 * [Q4] Krippendorff's alpha over units with any number of ratings (who rated does not matter to alpha, so
 * each unit's values fill slots). Its interval is computed while resamples × units stays within
 * {@link alphaCiBudget} with at least 20 resamples; otherwise it is null and the explanation says so.
 */
export function alpha(
  perUnit: readonly Label[][],
  options: { level: KrippendorffLevel; raters: number; subject: string; ctx: CiContext; interval?: boolean },
): MetricValue {
  const slots = Math.max(0, ...perUnit.map((values) => values.length));
  const matrix = (units: readonly Label[][]) => Array.from({ length: slots }, (_, s) => units.map((values) => values[s] ?? null));
  const detail = perUnit.length === 0 ? null : krippendorffAlphaDetail(matrix(perUnit), { level: options.level });
  const value = detail?.alpha ?? NaN;
  const iterations = Math.min(iterationsFor(perUnit.length), Math.floor(alphaCiBudget / Math.max(1, perUnit.length)));
  const wantCi = options.interval !== false && Number.isFinite(value) && perUnit.length >= 2;
  const ci =
    wantCi && iterations >= 20
      ? bootstrapCi(perUnit, (sample) => krippendorffAlphaDetail(matrix(sample), { level: options.level }).alpha, { seed: options.ctx.seed, iterations })
      : null;
  const metric = metricValue({
    metric: alphaMetric[options.level],
    value,
    ci,
    units: perUnit.length,
    raters: options.raters,
    percentAgreement: pairwisePercentAgreement(perUnit),
    prevalence: prevalenceOf(perUnit.flat().map(String)),
    subject: options.subject,
    undefinedReason: noVariance,
  });
  if (wantCi && iterations < 20) metric.explain += ` No interval: ${perUnit.length} units are too many to resample alpha within the report's budget (it would be narrow).`;
  return metric;
}
