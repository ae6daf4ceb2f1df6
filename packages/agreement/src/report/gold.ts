import type { MetricValue } from '@concord/protocol';
import type { Submission } from '../observe/types.ts';
import { meanWithCi, metricValue, type CiContext } from './metric-value.ts';

/**
 * [Q10] Gold accuracy: the mean `goldScore` of the submissions of gold items (one unit per submission), with a
 * bootstrap interval; null when none of the submissions was of a gold item.
 */
export function goldAccuracy(submissions: readonly Submission[], options: { subject: string; ctx: CiContext }): MetricValue | null {
  const scores = submissions.flatMap((s) => (s.goldScore === null ? [] : [s.goldScore]));
  if (scores.length === 0) return null;
  const raters = new Set(submissions.filter((s) => s.goldScore !== null).map((s) => s.raterId)).size;
  return metricValue({
    metric: 'gold_accuracy',
    ...meanWithCi(scores, options.ctx),
    units: scores.length,
    raters,
    subject: options.subject,
  });
}
