import type { BiasSignals } from '@concord/protocol';
import type { Submission } from '../observe/types.ts';

function share(hits: number, of: number): number | null {
  return of === 0 ? null : hits / of;
}

function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? null) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * [Q9] One annotator's bias signals over their submissions: judgements = preference submissions that chose a
 * response or tied; firstShownRate = share of choices (ties included) of the response shown first, where the
 * display order is known; tieRate = ties / judgements; longerChosenRate = share of choices of the longer
 * response where lengths differ; medianSeconds and tooFast (seconds < tooFastSeconds) over every submission
 * with a known duration, any task type.
 */
export function biasSignals(submissions: readonly Submission[], tooFastSeconds: number): BiasSignals {
  const judged = submissions.flatMap((s) => (s.signals && (s.signals.chosen !== null || s.signals.tie) ? [s.signals] : []));
  const positioned = judged.filter((j) => j.chosen !== null && j.shownFirst !== null);
  const lengths = judged.filter((j) => j.chosenLonger !== null);
  const seconds = submissions.flatMap((s) => (s.seconds === null ? [] : [s.seconds]));
  return {
    firstShownRate: share(positioned.filter((j) => j.chosen === j.shownFirst).length, positioned.length),
    tieRate: share(judged.filter((j) => j.tie).length, judged.length),
    longerChosenRate: share(lengths.filter((j) => j.chosenLonger).length, lengths.length),
    medianSeconds: median(seconds),
    tooFast: seconds.filter((s) => s < tooFastSeconds).length,
    judgements: judged.length,
  };
}
