import type { MetricName, MetricValue } from '@concord/protocol';
import { kappaFromConfusion, type KappaWeights } from '../metrics/cohen.ts';
import { fleissKappaDetail } from '../metrics/fleiss.ts';
import { krippendorffAlphaDetail, type KrippendorffLevel } from '../metrics/krippendorff.ts';
import { compareLabels, type Label } from '../metrics/labels.ts';
import { pairwisePercentAgreement, percentAgreement } from '../metrics/percent.ts';
import { metricValue, unitCi, type CiContext } from './metric-value.ts';

/** The pairs of labels compared on one unit (first = the annotator or rater in rows). */
export type LabelPairs = [Label, Label][];

const noVariance = 'every rating has the same label, so chance agreement is total (see percent agreement)';

/** One unit's confusion cells (row · k + column), a single cell as a number. */
type Cells = number | number[];

/**
 * Kappa of the summed confusion cells of some units: what a bootstrap resample recomputes. `symmetric`: each
 * cell stands for a pair counted both ways (the cell and its transpose).
 */
function confusionKappa(k: number, weights: KappaWeights | undefined, symmetric = false): (sample: Cells[]) => number {
  const add = (flat: Float64Array, cell: number) => {
    flat[cell]! += 1;
    if (symmetric) flat[(cell % k) * k + Math.floor(cell / k)]! += 1;
  };
  return (sample) => {
    const flat = new Float64Array(k * k);
    for (const cells of sample) {
      if (typeof cells === 'number') add(flat, cells);
      else for (const cell of cells) add(flat, cell);
    }
    const counts = Array.from({ length: k }, (_, i) => Array.from(flat.subarray(i * k, (i + 1) * k)));
    return kappaFromConfusion(counts, weights).kappa;
  };
}

/**
 * [Q4] [Q7] Cohen's kappa pooled over pairs of labels (unweighted for nominal fields, quadratic weights over
 * the sorted values for ordinal ones) from one confusion table, with percent agreement (its diagonal) and
 * prevalence (both sides' labels); the interval resamples units, each with all its pairs.
 */
export function pooledKappa(
  perUnit: readonly LabelPairs[],
  options: { weights?: KappaWeights; raters: number; subject: string; ctx: CiContext },
): MetricValue {
  const seen = new Set<Label>();
  for (const pairs of perUnit) {
    for (const [x, y] of pairs) {
      seen.add(x);
      seen.add(y);
    }
  }
  const categories = [...seen].sort(compareLabels);
  const index = new Map(categories.map((label, i) => [label, i]));
  const k = categories.length;
  const cell = ([x, y]: [Label, Label]) => (index.get(x) ?? 0) * k + (index.get(y) ?? 0);
  const coded = perUnit.filter((pairs) => pairs.length > 0).map((pairs): Cells => (pairs.length === 1 ? cell(pairs[0] as [Label, Label]) : pairs.map(cell)));
  const statistic = confusionKappa(k, options.weights);
  // Percent agreement and prevalence from the same table: the diagonal, and both raters' marginals.
  const flat = new Float64Array(k * k);
  for (const cells of coded) for (const c of typeof cells === 'number' ? [cells] : cells) flat[c]! += 1;
  let [n, same] = [0, 0];
  const shares = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = flat[i * k + j] ?? 0;
      n += c;
      if (i === j) same += c;
      shares[i]! += c;
      shares[j]! += c;
    }
  }
  const prevalence: Record<string, number> = {};
  categories.forEach((label, i) => (prevalence[String(label)] = (shares[i] ?? 0) / (2 * n)));
  const value = n === 0 ? NaN : statistic(coded);
  const metric: MetricName = options.weights === 'quadratic' ? 'weighted_kappa_quadratic' : options.weights === 'linear' ? 'weighted_kappa_linear' : 'cohen_kappa';
  return metricValue({
    metric,
    value,
    ci: unitCi(coded, statistic, options.ctx, { estimate: value }),
    units: coded.length,
    raters: options.raters,
    percentAgreement: n === 0 ? null : same / n,
    prevalence: n === 0 ? null : prevalence,
    subject: options.subject,
    undefinedReason: noVariance,
  });
}

/** A set of units' ratings as codes of their sorted labels, one array per unit. */
export interface Encoded {
  labels: Label[];
  codes: number[][];
}

/** Encodes units' ratings once, for the metrics of one group of units. */
export function encode(units: readonly { ratings: readonly { value: unknown }[] }[]): Encoded {
  const seen = new Set<Label>();
  for (const unit of units) for (const r of unit.ratings) seen.add(r.value as Label);
  const labels = [...seen].sort(compareLabels);
  const index = new Map(labels.map((label, i) => [label, i]));
  const codes = units.map(({ ratings }) => {
    const out = new Array<number>(ratings.length);
    for (let i = 0; i < ratings.length; i++) out[i] = index.get(ratings[i]?.value as Label) ?? 0;
    return out;
  });
  return { labels, codes };
}

/**
 * Multi-rater percent agreement of the units; with two ratings on every unit (the usual overlap) it is the
 * two-rater percent agreement of first against second rating, which needs no per-unit bookkeeping.
 */
function percentOf(enc: Encoded): number {
  if (!enc.codes.every((codes) => codes.length === 2)) return pairwisePercentAgreement(enc.codes);
  return percentAgreement(
    enc.codes.map((codes) => codes[0] ?? 0),
    enc.codes.map((codes) => codes[1] ?? 0),
  );
}

/** Share of each label among all ratings. */
function prevalence(enc: Encoded): Record<string, number> | null {
  const counts = new Array<number>(enc.labels.length).fill(0);
  let total = 0;
  for (const unit of enc.codes) {
    for (const c of unit) {
      counts[c]! += 1;
      total++;
    }
  }
  if (total === 0) return null;
  const out: Record<string, number> = {};
  for (const [i, label] of enc.labels.map(String).entries()) if ((counts[i] ?? 0) > 0) out[label] = (counts[i] ?? 0) / total;
  return out;
}

/** [Q4] Labels × labels counts over every pair of ratings on a unit, both ways (symmetric). */
export function confusionOf(enc: Encoded): { labels: string[]; counts: number[][] } | null {
  const k = enc.labels.length;
  if (k === 0) return null;
  const flat = new Float64Array(k * k);
  for (const codes of enc.codes) {
    for (let i = 0; i < codes.length; i++) {
      for (let j = i + 1; j < codes.length; j++) {
        const [a, b] = [codes[i] as number, codes[j] as number];
        flat[a * k + b]! += 1;
        flat[b * k + a]! += 1;
      }
    }
  }
  return { labels: enc.labels.map(String), counts: enc.labels.map((_, i) => Array.from(flat.subarray(i * k, (i + 1) * k))) };
}

/**
 * [Q4] Fleiss' kappa over units that all have the same number of ratings (raters may differ between units),
 * with P̄ as percent agreement. Its interval resamples units through the identity it rests on: with m ratings
 * on every unit, Fleiss' kappa equals Cohen's kappa of the symmetric table of all ordered pairs of ratings
 * within units (P̄ is the share of agreeing pairs, P_e the sum of squared label shares).
 */
export function fleiss(enc: Encoded, options: { raters: number; subject: string; ctx: CiContext }): MetricValue {
  const k = enc.labels.length;
  const rows = enc.codes.map((codes) => {
    const row = new Array<number>(k).fill(0);
    for (const c of codes) row[c]! += 1;
    return row;
  });
  const detail = rows.length === 0 ? null : fleissKappaDetail(rows);
  const value = detail?.kappa ?? NaN;
  const pairCells = enc.codes.map((codes): Cells => {
    if (codes.length === 2) return (codes[0] as number) * k + (codes[1] as number);
    const cells: number[] = [];
    for (let i = 0; i < codes.length; i++) for (let j = i + 1; j < codes.length; j++) cells.push((codes[i] as number) * k + (codes[j] as number));
    return cells;
  });
  return metricValue({
    metric: 'fleiss_kappa',
    value,
    ci: unitCi(pairCells, confusionKappa(k, undefined, true), options.ctx, { estimate: value }),
    units: rows.length,
    raters: options.raters,
    percentAgreement: detail?.pBar ?? null,
    prevalence: prevalence(enc),
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
 * each unit's values fill slots). Nominal and ordinal alpha depend only on which values are equal and on their
 * order, so they run on the label codes; interval alpha on the values. `interval: false` skips the interval
 * (metrics shown beside a primary one).
 */
export function alpha(
  enc: Encoded,
  options: { level: KrippendorffLevel; raters: number; subject: string; ctx: CiContext; interval?: boolean },
): MetricValue {
  const slots = enc.codes.reduce((max, codes) => Math.max(max, codes.length), 0);
  const numeric = options.level === 'interval' || options.level === 'ratio';
  const valueOf = (code: number | undefined): Label | null => (code === undefined ? null : numeric ? (enc.labels[code] ?? null) : code);
  const matrix = (units: readonly number[][]) => Array.from({ length: slots }, (_, s) => units.map((codes) => valueOf(codes[s])));
  const statistic = (units: number[][]) => krippendorffAlphaDetail(matrix(units), { level: options.level }).alpha;
  const value = enc.codes.length === 0 ? NaN : statistic(enc.codes);
  return metricValue({
    metric: alphaMetric[options.level],
    value,
    ci: options.interval === false ? null : unitCi(enc.codes, statistic, options.ctx, { estimate: value, cost: alphaVisitCost }),
    units: enc.codes.length,
    raters: options.raters,
    percentAgreement: percentOf(enc),
    prevalence: prevalence(enc),
    subject: options.subject,
    undefinedReason: noVariance,
  });
}
