import { matchBoxes } from '../metrics/boxes.ts';
import { chrFSymmetric } from '../metrics/chrf.ts';
import { kendallTauB } from '../metrics/kendall.ts';
import { questionUnit } from './alignment.ts';
import type { LabeledBox, Observation, ObservationValue } from './types.ts';

/** [O11] Fields never scored against gold: a rationale is a reason in the annotator's own words, not an answer. */
export const unscoredGoldFields: ReadonlySet<string> = new Set(['rationale']);

/** What {@link scoreAgainstGold} found. */
export interface GoldScore {
  /** Mean of `fields`; null when the gold answer has no scored field. */
  score: number | null;
  /** Field → share of its gold units matched (0..1); a unit the annotation left empty counts 0. */
  fields: Record<string, number>;
}

/** [O11] Regions: F1 at IoU ≥ 0.5 where a box only matches a box of the same label. */
function regionsMatch(gold: readonly LabeledBox[], answer: readonly LabeledBox[]): number {
  if (gold.length + answer.length === 0) return 1;
  const labels = new Set([...gold, ...answer].map((box) => box.label));
  let matched = 0;
  for (const label of labels) {
    matched += matchBoxes(
      gold.filter((box) => box.label === label),
      answer.filter((box) => box.label === label),
      { iou: 0.5 },
    ).pairs.length;
  }
  return (2 * matched) / (gold.length + answer.length);
}

/** [O11] Rankings: (tau-b + 1) / 2 over the responses both ranked; exact equality when tau-b is undefined (all tied). */
function rankingMatch(gold: Record<string, number>, answer: Record<string, number>): number {
  const shared = Object.keys(gold).filter((key) => answer[key] !== undefined);
  if (shared.length < 2) return 0;
  const [g, a] = [shared.map((key) => gold[key] ?? 0), shared.map((key) => answer[key] ?? 0)];
  const tau = kendallTauB(g, a);
  if (Number.isFinite(tau)) return (tau + 1) / 2;
  return g.every((rank, i) => rank === a[i]) ? 1 : 0;
}

/**
 * [O11] How much of one gold value an answer matches, 0..1: nominal exact; ordinal 1 − |difference| / scale
 * range (exact without a scale); ranking (tau-b + 1) / 2; regions label-aware F1 at IoU 0.5; a VQA answer
 * exact after normalising (case, spacing, final punctuation); other texts chrF averaged both ways.
 */
export function goldMatch(field: string, gold: ObservationValue, answer: ObservationValue): number {
  if (gold.kind !== answer.kind) return 0;
  switch (gold.kind) {
    case 'nominal':
      return gold.value === answer.value ? 1 : 0;
    case 'ordinal':
    case 'interval': {
      const difference = Math.abs(gold.value - (answer.value as number));
      const range = gold.kind === 'ordinal' && gold.scale ? gold.scale.max - gold.scale.min : 0;
      return range > 0 ? Math.max(0, 1 - difference / range) : difference === 0 ? 1 : 0;
    }
    case 'ranking':
      return rankingMatch(gold.value, answer.value as Record<string, number>);
    case 'regions':
      return regionsMatch(gold.value, answer.value as LabeledBox[]);
    case 'text':
      if (field === 'vqa.answer') return questionUnit(gold.value) === questionUnit(answer.value as string) ? 1 : 0;
      return chrFSymmetric(gold.value, answer.value as string);
  }
}

/**
 * [O11] Scores an annotation's observations against the gold answer's (both from {@link observe}): per gold
 * field the mean match of its gold units (a unit the annotation did not fill counts 0), and the mean over
 * those fields. Fields the gold answer does not fill are not scored; neither is the rationale.
 *
 * @example scoreAgainstGold(observe(view, opts).observations, observe(goldView, opts).observations).score // 0.83
 */
export function scoreAgainstGold(observations: readonly Observation[], gold: readonly Observation[]): GoldScore {
  const answers = new Map(observations.map((o) => [`${o.field}\u0000${o.unit}`, o]));
  const sums = new Map<string, { sum: number; units: number }>();
  for (const g of gold) {
    if (unscoredGoldFields.has(g.field)) continue;
    const answer = answers.get(`${g.field}\u0000${g.unit}`);
    const entry = sums.get(g.field) ?? { sum: 0, units: 0 };
    entry.sum += answer ? goldMatch(g.field, g, answer) : 0;
    entry.units += 1;
    sums.set(g.field, entry);
  }
  const fields: Record<string, number> = {};
  for (const [field, { sum, units }] of sums) fields[field] = sum / units;
  const values = Object.values(fields);
  return { score: values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length, fields };
}
