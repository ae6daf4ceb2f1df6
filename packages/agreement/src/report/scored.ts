import type { FieldKind, MetricName, MetricValue } from '@concord/protocol';
import { matchBoxes } from '../metrics/boxes.ts';
import { chrFSymmetric } from '../metrics/chrf.ts';
import { kendallTauB } from '../metrics/kendall.ts';
import type { LabeledBox } from '../observe/types.ts';
import { meanOf, meanWithCi, metricValue, prevalenceOf, type CiContext } from './metric-value.ts';
import { keyOf, type Rating, type Unit, type Value } from './table.ts';

/** What comparing two values of a scored kind (ranking, regions, text) gives. */
export interface PairScore {
  /** tau-b, box F1 or chrF (NaN when undefined). */
  score: number;
  /** The two values are the same (identical ranking or text); regions: null. */
  identical: boolean | null;
  /** Regions: matched boxes, of them with the same label, and their summed IoU. */
  matched: number;
  sameLabel: number;
  iouSum: number;
}

/** Kinds compared by a score per pair of annotations rather than by labels. */
export type ScoredKind = 'ranking' | 'regions' | 'text';

export function isScored(kind: FieldKind): kind is ScoredKind {
  return kind === 'ranking' || kind === 'regions' || kind === 'text';
}

function rankingScore(x: Record<string, number>, y: Record<string, number>): PairScore {
  const keys = Object.keys(x).filter((key) => y[key] !== undefined).sort();
  const [a, b] = [keys.map((key) => x[key] ?? 0), keys.map((key) => y[key] ?? 0)];
  const identical = keys.length === Object.keys(x).length && keys.length === Object.keys(y).length && a.every((rank, i) => rank === b[i]);
  return { score: keys.length < 2 ? NaN : kendallTauB(a, b), identical, matched: 0, sameLabel: 0, iouSum: 0 };
}

function regionsScore(x: LabeledBox[], y: LabeledBox[]): PairScore {
  const match = matchBoxes(x, y, { iou: 0.5 });
  let sameLabel = 0;
  let iouSum = 0;
  for (const pair of match.pairs) {
    iouSum += pair.iou;
    if (x[pair.a]?.label === y[pair.b]?.label) sameLabel++;
  }
  return { score: match.f1, identical: null, matched: match.pairs.length, sameLabel, iouSum };
}

/**
 * [Q5] Compares two values of a scored kind: rankings by Kendall's tau-b over the responses both ranked;
 * regions by one-to-one box matching at IoU 0.5 (F1, IoU and labels of the matched pairs); texts by chrF
 * averaged over both directions.
 */
export function scorePair(kind: ScoredKind, x: Value, y: Value): PairScore {
  switch (kind) {
    case 'ranking':
      return rankingScore(x as Record<string, number>, y as Record<string, number>);
    case 'regions':
      return regionsScore(x as LabeledBox[], y as LabeledBox[]);
    case 'text':
      return { score: chrFSymmetric(x as string, y as string), identical: x === y, matched: 0, sameLabel: 0, iouSum: 0 };
  }
}

/** Pair scores are computed once per pair of ratings of a unit and reused by every slice, annotator and week. */
export function createPairScorer(kind: ScoredKind): (x: Rating, y: Rating) => PairScore {
  const cache = new WeakMap<Rating, WeakMap<Rating, PairScore>>();
  return (x, y) => {
    const [first, second] = x.rater < y.rater ? [x, y] : [y, x];
    let row = cache.get(first);
    if (!row) cache.set(first, (row = new WeakMap()));
    let score = row.get(second);
    if (!score) row.set(second, (score = scorePair(kind, first.value, second.value)));
    return score;
  };
}

/** [Q6] Texts compared per field and report: at most about this many characters (chrF costs per character). */
export const textCharacterBudget = 20_000;

function hash(text: string, seed: number): number {
  let h = (2166136261 ^ seed) >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * [Q6] The units of a field whose texts are compared: all of them while their texts fit
 * {@link textCharacterBudget}, else a seeded sample in a fixed pseudo-random order of unit keys (at least 30
 * units); every group of units (slice, week) compares the sampled units it holds.
 */
export function sampleTexts(units: readonly Unit[], seed: number): { units: Unit[]; sampled: boolean } {
  const size = (u: Unit) => u.ratings.reduce((sum, r) => sum + (r.value as string).length, 0) * (u.ratings.length - 1);
  let total = 0;
  for (const u of units) total += size(u);
  if (total <= textCharacterBudget) return { units: [...units], sampled: false };
  const hashes = new Map(units.map((u) => [u, hash(keyOf(u), seed)]));
  const ordered = [...units].sort((a, b) => (hashes.get(a) ?? 0) - (hashes.get(b) ?? 0));
  const chosen: Unit[] = [];
  let used = 0;
  for (const u of ordered) {
    if (chosen.length >= 30 && used + size(u) > textCharacterBudget) break;
    chosen.push(u);
    used += size(u);
  }
  return { units: chosen, sampled: true };
}

/** One unit's pairs, as a scored comparison sees them. */
export type ScoredPairs = PairScore[];

const scoredMetric: Record<ScoredKind, MetricName> = { ranking: 'kendall_tau_b', regions: 'box_f1', text: 'text_similarity' };

/**
 * [Q5] The mean over units of the mean pair score on each unit (units whose pairs are all undefined are left
 * out), with percent agreement = share of identical pairs (rankings, texts) or label agreement of matched
 * boxes (regions); the interval resamples units' scores.
 */
export function meanScore(
  kind: ScoredKind,
  perUnit: readonly ScoredPairs[],
  options: { raters: number; subject: string; ctx: CiContext; labels?: Iterable<string>; sampledFrom?: number },
): { primary: MetricValue; meanIou: MetricValue | null } {
  const unitScores = perUnit.map((pairs) => meanOf(pairs.map((p) => p.score))).filter(Number.isFinite);
  const pairs = perUnit.flat();
  const identical = pairs.filter((p) => p.identical !== null);
  const matched = pairs.reduce((sum, p) => sum + p.matched, 0);
  const percentAgreement =
    kind === 'regions' ? (matched === 0 ? null : pairs.reduce((sum, p) => sum + p.sameLabel, 0) / matched) : identical.length === 0 ? null : identical.filter((p) => p.identical).length / identical.length;
  const primary = metricValue({
    metric: scoredMetric[kind],
    ...meanWithCi(unitScores, options.ctx),
    units: unitScores.length,
    raters: options.raters,
    percentAgreement,
    prevalence: kind === 'regions' && options.labels ? prevalenceOf(options.labels) : null,
    subject: options.subject,
    undefinedReason: kind === 'ranking' ? 'every compared ranking ties all responses' : 'no pair could be compared',
  });
  if (options.sampledFrom !== undefined && options.sampledFrom > perUnit.length) {
    primary.explain += ` Texts were compared on a seeded sample of ${perUnit.length} of ${options.sampledFrom} units (chrF is costly on long texts).`;
  }
  if (kind !== 'regions') return { primary, meanIou: null };
  const iouUnits = perUnit.map((unitPairs) => {
    const m = unitPairs.reduce((sum, p) => sum + p.matched, 0);
    return m === 0 ? NaN : unitPairs.reduce((sum, p) => sum + p.iouSum, 0) / m;
  });
  const finite = iouUnits.filter(Number.isFinite);
  const meanIou = metricValue({
    metric: 'mean_iou',
    ...meanWithCi(finite, options.ctx),
    units: finite.length,
    raters: options.raters,
    subject: options.subject,
    undefinedReason: 'no boxes matched at IoU 0.5',
  });
  return { primary, meanIou };
}
