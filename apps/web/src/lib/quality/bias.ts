import type { BiasSignals } from '@concord/protocol';
import { formatNumber, formatPercent } from './format.ts';

/** A bias signal that is far from what an unbiased annotator would show. */
export interface BiasWarning {
  signal: 'firstShownRate' | 'tieRate' | 'longerChosenRate' | 'medianSeconds' | 'tooFast';
  message: string;
}

/** A rate is "far" from 0.5 when it is at least this far away … */
export const minimumDeviation = 0.1;
/** … and at least this many standard errors of a fair coin over the judgements (about p < 0.05). */
export const minimumZ = 2;
/** Half or more of the judgements being ties or unsure is worth a look. */
export const tieRateWarning = 0.5;
/** A tenth or more of the annotations being too fast is worth a look. */
export const tooFastShareWarning = 0.1;

/**
 * How many standard errors a rate lies from a fair coin (0.5) over `n` trials.
 * @example coinZ(0.75, 16) // 2
 */
export function coinZ(rate: number, n: number): number {
  if (n <= 0) return 0;
  return (rate - 0.5) / Math.sqrt(0.25 / n);
}

function farFromHalf(rate: number | null, n: number): rate is number {
  return rate !== null && Math.abs(rate - 0.5) >= minimumDeviation && Math.abs(coinZ(rate, n)) >= minimumZ;
}

/**
 * The warnings for one annotator's bias signals: position bias (first-shown rate vs 0.5), length
 * bias (longer-chosen rate vs 0.5), many ties, a median below the too-fast limit, many too-fast
 * annotations. A signal that was not measurable (null) never warns.
 * @example biasWarnings({ bias, annotations: 40, tooFastSeconds: 10 }).map((w) => w.signal) // ['firstShownRate']
 */
export function biasWarnings(options: { bias: BiasSignals; annotations: number; tooFastSeconds: number }): BiasWarning[] {
  const { bias } = options;
  const n = bias.judgements;
  const warnings: BiasWarning[] = [];
  if (farFromHalf(bias.firstShownRate, n)) {
    warnings.push({
      signal: 'firstShownRate',
      message: `Chose the response shown first in ${formatPercent(bias.firstShownRate)} of ${n} judgements (50 % expected): position bias.`,
    });
  }
  if (bias.tieRate !== null && n > 0 && bias.tieRate >= tieRateWarning) {
    warnings.push({ signal: 'tieRate', message: `${formatPercent(bias.tieRate)} of ${n} judgements are ties or unsure.` });
  }
  // Judgements where the lengths differ are fewer than all judgements, so this test is, if anything, lenient.
  if (farFromHalf(bias.longerChosenRate, n)) {
    const side = bias.longerChosenRate > 0.5 ? 'longer' : 'shorter';
    warnings.push({
      signal: 'longerChosenRate',
      message: `Chose the longer response in ${formatPercent(bias.longerChosenRate)} of judgements (50 % expected): prefers ${side} answers.`,
    });
  }
  if (bias.medianSeconds !== null && bias.medianSeconds < options.tooFastSeconds) {
    warnings.push({
      signal: 'medianSeconds',
      message: `Median ${formatNumber(bias.medianSeconds, 1)} s per annotation, under the ${options.tooFastSeconds} s too-fast limit.`,
    });
  }
  if (options.annotations > 0 && bias.tooFast / options.annotations >= tooFastShareWarning) {
    warnings.push({
      signal: 'tooFast',
      message: `${bias.tooFast} of ${options.annotations} annotations took under ${options.tooFastSeconds} s.`,
    });
  }
  return warnings;
}
