import type { MetricName, MetricValue } from '@concord/protocol';

/** How each metric is named to people. */
export const metricLabels: Record<MetricName, string> = {
  cohen_kappa: 'Cohen’s κ',
  weighted_kappa_linear: 'Weighted κ (linear)',
  weighted_kappa_quadratic: 'Weighted κ (quadratic)',
  fleiss_kappa: 'Fleiss’ κ',
  alpha_nominal: 'Krippendorff’s α (nominal)',
  alpha_ordinal: 'Krippendorff’s α (ordinal)',
  alpha_interval: 'Krippendorff’s α (interval)',
  alpha_ratio: 'Krippendorff’s α (ratio)',
  kendall_tau_b: 'Kendall’s τ-b',
  kendall_w: 'Kendall’s W',
  box_f1: 'Box F1',
  mean_iou: 'Mean IoU',
  text_similarity: 'Text similarity',
  chrf: 'chrF',
  gold_accuracy: 'Gold accuracy',
  percent_agreement: 'Percent agreement',
};

/** Metrics that are shares (0–1) and read best as percentages. */
const shareMetrics = new Set<MetricName>(['gold_accuracy', 'percent_agreement']);

/** The word shown for a number that is not defined (never 0 in its place). */
export const undefinedText = 'undefined';

/**
 * A number to a fixed count of decimals (minus sign as −), or `undefined` for null / NaN.
 * @example formatNumber(0.7234) // '0.72'
 */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return undefinedText;
  const text = value.toFixed(digits);
  // -0.00 reads as a negative number that is not there.
  if (Number(text) === 0) return (0).toFixed(digits);
  return text.replace('-', '−');
}

/**
 * A share (0–1) as a percentage, or `undefined`.
 * @example formatPercent(0.5) // '50 %'
 */
export function formatPercent(share: number | null | undefined, digits = 0): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return undefinedText;
  return `${(share * 100).toFixed(digits)} %`;
}

/** A metric's value as its kind reads: a percentage for shares, else a number with two decimals. */
export function formatMetric(metric: MetricName, value: number | null | undefined): string {
  return shareMetrics.has(metric) ? formatPercent(value, 1) : formatNumber(value);
}

/**
 * A 95 % interval as `[low, high]` in the metric's format, or null without one.
 * @example formatCi('cohen_kappa', [0.61, 0.8]) // '[0.61, 0.80]'
 */
export function formatCi(metric: MetricName, ci: readonly [number, number] | null): string | null {
  if (!ci) return null;
  return `[${formatMetric(metric, ci[0])}, ${formatMetric(metric, ci[1])}]`;
}

/**
 * Label shares as `label 80 %, other 20 %`, largest first; null when there is none.
 * @example formatPrevalence({ yes: 0.8, no: 0.2 }) // 'yes 80 %, no 20 %'
 */
export function formatPrevalence(prevalence: Record<string, number> | null): string | null {
  if (!prevalence) return null;
  const entries = Object.entries(prevalence).sort((a, b) => b[1] - a[1]);
  if (entries.length === 0) return null;
  return entries.map(([label, share]) => `${label} ${formatPercent(share)}`).join(', ');
}

/** `on 1 unit` / `on 42 units`, and raters when known. */
export function formatUnits(units: number, raters?: number): string {
  const u = `${units} ${units === 1 ? 'unit' : 'units'}`;
  if (raters === undefined) return `on ${u}`;
  return `on ${u}, ${raters} ${raters === 1 ? 'rater' : 'raters'}`;
}

/**
 * Everything a number needs to be read, as one hover text: the metric and its value, the interval,
 * units and raters, percent agreement and prevalence beside a kappa, then the server's explanation.
 * An undefined number says so and why.
 * @example describeMetric(report.overall.headline) // 'Cohen’s κ = 0.72, 95 % CI [0.61, 0.80], on 42 units, 2 raters. …'
 */
export function describeMetric(value: MetricValue): string {
  const label = metricLabels[value.metric];
  const parts: string[] = [];
  if (value.value === null) {
    parts.push(`${label}: ${undefinedText} (${formatUnits(value.units, value.raters)})`);
  } else {
    const ci = formatCi(value.metric, value.ci);
    parts.push(`${label} = ${formatMetric(value.metric, value.value)}, ${ci ? `95 % CI ${ci}` : 'no confidence interval'}, ${formatUnits(value.units, value.raters)}`);
  }
  if (value.metric !== 'percent_agreement' && value.percentAgreement !== null) parts.push(`Percent agreement ${formatPercent(value.percentAgreement, 1)}`);
  const prevalence = formatPrevalence(value.prevalence);
  if (prevalence) parts.push(`Prevalence: ${prevalence}`);
  const text = parts.join('. ');
  return value.explain ? `${text}. ${value.explain}` : `${text}.`;
}
