import type { MetricName, MetricValue } from '@concord/protocol';
import { bootstrapCi } from '../metrics/bootstrap.ts';
import { seededRandom } from '../metrics/random.ts';

/** What a bootstrap needs: the seed, shared by every interval of one report. */
export interface CiContext {
  seed: number;
}

/** [Q3] Unit visits one interval may cost (a visit of an expensive statistic counts `cost` times). */
export const ciBudget = 10_000;

/** How an interval is resampled: `sample` units out of `units` (fewer: m-out-of-n), `iterations` times. */
export interface CiPlan {
  iterations: number;
  sample: number;
}

/**
 * [Q3] 200 resamples while they fit {@link ciBudget}, fewer (down to 50) as units grow; beyond that the
 * interval is resampled from a seeded subsample of the units (m-out-of-n bootstrap: 200 units for cheap
 * statistics, 100 for Krippendorff's alpha) and its half-widths are scaled by √(m/n) around the full
 * estimate, so every interval has a bounded cost.
 */
export function ciPlan(units: number, cost = 1): CiPlan {
  const fits = Math.floor(ciBudget / Math.max(1, units * cost));
  if (fits >= 200) return { iterations: 200, sample: units };
  if (fits >= 50) return { iterations: fits, sample: units };
  // An expensive statistic still resamples at least 100 units (fewer make a poor interval).
  return { iterations: 50, sample: Math.min(units, Math.max(100, Math.floor(ciBudget / (cost * 50)))) };
}

/** A seeded choice of `m` of the records (partial Fisher–Yates). */
function subsample<T>(records: readonly T[], m: number, seed: number): T[] {
  const copy = [...records];
  const random = seededRandom(`${seed}:subsample`);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(random() * (copy.length - i));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy.slice(0, m);
}

/**
 * [Q3] Seeded 95 % percentile bootstrap over units with the plan of {@link ciPlan}; null when fewer than two
 * units, when the estimate (the statistic over all records) is undefined or when most resamples are.
 */
export function unitCi<T>(
  records: readonly T[],
  statistic: (sample: T[]) => number,
  ctx: CiContext,
  options: { estimate: number; cost?: number },
): [number, number] | null {
  const { estimate } = options;
  if (records.length < 2 || !Number.isFinite(estimate)) return null;
  const plan = ciPlan(records.length, options.cost);
  if (plan.sample >= records.length) return bootstrapCi(records, statistic, { seed: ctx.seed, iterations: plan.iterations, level: 0.95 });
  const part = subsample(records, plan.sample, ctx.seed);
  const partEstimate = statistic([...part]);
  const ci = bootstrapCi(part, statistic, { seed: ctx.seed, iterations: plan.iterations, level: 0.95 });
  if (!ci || !Number.isFinite(partEstimate)) return null;
  const scale = Math.sqrt(plan.sample / records.length);
  return [estimate - (partEstimate - ci[0]) * scale, estimate + (ci[1] - partEstimate) * scale];
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

/** Share of each label among some ratings (labels as strings, sorted). */
export function prevalenceOf(labels: Iterable<string | number>): Record<string, number> | null {
  const counts = new Map<string | number, number>();
  let total = 0;
  for (const label of labels) {
    counts.set(label, (counts.get(label) ?? 0) + 1);
    total++;
  }
  if (total === 0) return null;
  const shares = new Map<string, number>();
  for (const [label, count] of counts) shares.set(String(label), (shares.get(String(label)) ?? 0) + count / total);
  const out: Record<string, number> = {};
  for (const label of [...shares.keys()].sort()) out[label] = shares.get(label) ?? 0;
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

/** [Q3] The mean of some per-unit numbers (finite ones) and its interval. */
export function meanWithCi(values: readonly number[], ctx: CiContext): { value: number; ci: [number, number] | null } {
  const finite = values.filter(Number.isFinite);
  const value = meanOf(finite);
  return { value, ci: unitCi(finite, meanOf, ctx, { estimate: value }) };
}
