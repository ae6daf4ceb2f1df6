import type { MetricName, MetricValue } from '@concord/protocol';
import { bootstrapCi } from '../metrics/bootstrap.ts';

/** What a bootstrap needs: the seed, shared by every interval of one report. */
export interface CiContext {
  seed: number;
}

/**
 * [Q3] Resamples for an interval over `units` units: 200 up to 1,000 units, then fewer so one interval costs
 * about 200,000 unit visits (never below 20): a report over tens of thousands of annotations stays well under
 * a second, and intervals over many units are narrow anyway.
 */
export function iterationsFor(units: number): number {
  return units <= 1_000 ? 200 : Math.max(20, Math.floor(200_000 / units));
}

/** [Q3] Seeded percentile bootstrap over units; null when fewer than two units or the statistic is mostly undefined. */
export function unitCi<T>(records: readonly T[], statistic: (sample: T[]) => number, ctx: CiContext): [number, number] | null {
  if (records.length < 2) return null;
  return bootstrapCi(records, statistic, { seed: ctx.seed, iterations: iterationsFor(records.length), level: 0.95 });
}

/** NaN (undefined) as null, for JSON. */
export function defined(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

const metricNames: Record<MetricName, string> = {
  cohen_kappa: "Cohen's kappa",
  weighted_kappa_linear: 'Linearly weighted kappa',
  weighted_kappa_quadratic: 'Quadratically weighted kappa',
  fleiss_kappa: "Fleiss' kappa",
  alpha_nominal: "Krippendorff's alpha (nominal)",
  alpha_ordinal: "Krippendorff's alpha (ordinal)",
  alpha_interval: "Krippendorff's alpha (interval)",
  alpha_ratio: "Krippendorff's alpha (ratio)",
  kendall_tau_b: "Mean pairwise Kendall's tau-b",
  kendall_w: "Mean Kendall's W",
  box_f1: 'Mean box F1 at IoU 0.5',
  mean_iou: 'Mean IoU of matched boxes',
  text_similarity: 'Mean chrF similarity (both directions)',
  chrf: 'Mean chrF',
  gold_accuracy: 'Mean share of gold answers matched',
  percent_agreement: 'Percent agreement',
};

/** The parts of a MetricValue a computation supplies; the rest is derived. */
export interface MetricInput {
  metric: MetricName;
  value: number;
  ci: [number, number] | null;
  units: number;
  raters: number;
  percentAgreement?: number | null;
  prevalence?: Record<string, number> | null;
  /** What was compared, e.g. `judgement.choice` or `alice against the others on judgement.choice`. */
  subject: string;
  /** Why the value can be undefined besides "no units" (e.g. no variance). */
  undefinedReason?: string;
}

/**
 * [Q2] A MetricValue with its explain sentence: what the number is, on how many units and raters, and why it
 * is undefined when it is (never 0 or 1 in its place).
 */
export function metricValue(input: MetricInput): MetricValue {
  const value = defined(input.value);
  const name = metricNames[input.metric];
  const on = `${input.units} unit${input.units === 1 ? '' : 's'} and ${input.raters} annotator${input.raters === 1 ? '' : 's'}`;
  let explain = `${name} of ${input.subject}, over ${on}.`;
  if (value === null) {
    const reason =
      input.units === 0 ? 'no unit was compared (it needs at least two annotations of the same unit)' : (input.undefinedReason ?? 'no comparison was defined');
    explain = `${name} of ${input.subject} is undefined over ${on}: ${reason}.`;
  }
  const percentAgreement = input.percentAgreement === undefined || input.percentAgreement === null ? null : defined(input.percentAgreement);
  return { metric: input.metric, value, ci: value === null ? null : input.ci, units: input.units, raters: input.raters, percentAgreement, prevalence: input.prevalence ?? null, explain };
}

/** Share of each label among some ratings. */
export function prevalenceOf(labels: Iterable<string>): Record<string, number> | null {
  const counts = new Map<string, number>();
  let total = 0;
  for (const label of labels) {
    counts.set(label, (counts.get(label) ?? 0) + 1);
    total++;
  }
  if (total === 0) return null;
  const out: Record<string, number> = {};
  for (const [label, count] of [...counts].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[label] = count / total;
  return out;
}

/** Mean of the finite numbers; NaN when none. */
export function meanOf(values: Iterable<number>): number {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? NaN : sum / n;
}
