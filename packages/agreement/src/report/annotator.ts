import type { MetricValue, PairAgreement } from '@concord/protocol';
import type { Label } from '../metrics/labels.ts';
import { pooledKappa, type LabelPairs } from './categorical.ts';
import { allPairs, scorerOf, type FieldContext } from './field.ts';
import { meanOf } from './metric-value.ts';
import { isScored, meanScore, type ScoredKind } from './scored.ts';
import type { FieldData, Rating, Unit } from './table.ts';

/** Who is compared with whom, for explanations. */
interface Subject {
  field: FieldData;
  names: Record<string, string>;
  ctx: FieldContext;
}

const nameOf = (s: Subject, id: string) => s.names[id] ?? id;

/** Compares each unit's list of (first, second) rating pairs with the field's pair metric. */
function comparePairs(s: Subject, perUnit: [Rating, Rating][][], raters: number, subject: string): MetricValue {
  const kind = s.field.kind;
  if (isScored(kind)) {
    const scorer = scorerOf(s.ctx, s.field.field, kind);
    const labels = kind === 'regions' ? perUnit.flat(2).flatMap((r) => (r.value as { label: string }[]).map((b) => b.label)) : undefined;
    return meanScore(kind, perUnit.map((pairs) => pairs.map(([x, y]) => scorer(x, y))), { raters, subject, ctx: s.ctx, ...(labels ? { labels } : {}) }).primary;
  }
  const labelPairs = perUnit.map((pairs): LabelPairs => pairs.map(([x, y]) => [x.value as Label, y.value as Label]));
  return pooledKappa(labelPairs, { ...(kind === 'nominal' ? {} : { weights: 'quadratic' as const }), raters, subject, ctx: s.ctx });
}

/**
 * [Q7] One annotator against everyone else who did the same units: nominal fields by Cohen's kappa pooled
 * over every (annotator, other) pair on shared units (the annotator's labels in rows), ordinal ones with
 * quadratic weights, scored kinds by the mean pair score.
 */
export function againstOthers(s: Subject, units: readonly Unit[], rater: string): MetricValue {
  const perUnit: [Rating, Rating][][] = [];
  const others = new Set<string>();
  for (const u of units) {
    const mine = u.ratings.find((r) => r.rater === rater);
    if (!mine || u.ratings.length < 2) continue;
    const rest = u.ratings.filter((r) => r !== mine);
    for (const r of rest) others.add(r.rater);
    perUnit.push(rest.map((r): [Rating, Rating] => [mine, r]));
  }
  return comparePairs(s, perUnit, others.size + (perUnit.length > 0 ? 1 : 0), `${nameOf(s, rater)} against the others on ${s.field.field}`);
}

/** The most frequent label among ratings, or null when two labels tie for most. */
function majority(ratings: readonly Rating[]): Rating | null {
  const counts = new Map<Label, { n: number; rating: Rating }>();
  for (const r of ratings) {
    const entry = counts.get(r.value as Label);
    if (entry) entry.n++;
    else counts.set(r.value as Label, { n: 1, rating: r });
  }
  const ranked = [...counts.values()].sort((a, b) => b.n - a.n);
  return ranked.length > 1 && ranked[0]?.n === ranked[1]?.n ? null : (ranked[0]?.rating ?? null);
}

/** The lower median value (stays on the field's scale). */
function lowerMedian(ratings: readonly Rating[]): Rating | null {
  const sorted = [...ratings].sort((a, b) => (a.value as number) - (b.value as number));
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? null;
}

/** The annotation most like the others (highest mean pair score; the first rater id on ties). */
function medoid(s: Subject, kind: ScoredKind, ratings: readonly Rating[]): Rating | null {
  if (ratings.length <= 2) return [...ratings].sort((a, b) => (a.rater < b.rater ? -1 : 1))[0] ?? null;
  const scorer = scorerOf(s.ctx, s.field.field, kind);
  let best: Rating | null = null;
  let bestScore = -Infinity;
  for (const r of [...ratings].sort((a, b) => (a.rater < b.rater ? -1 : 1))) {
    const score = meanOf(ratings.filter((o) => o !== r).map((o) => scorer(r, o).score));
    if (score > bestScore) [best, bestScore] = [r, score];
  }
  return best;
}

/**
 * [Q7] One annotator against the consensus of the others on each unit: the majority label (units where the
 * others tie are left out), the lower median of ordinal values, or the others' medoid (the annotation most like
 * the rest) for rankings, regions and texts; compared with the same metric as {@link againstOthers}.
 */
export function againstConsensus(s: Subject, units: readonly Unit[], rater: string): MetricValue {
  const kind = s.field.kind;
  const perUnit: [Rating, Rating][][] = [];
  const others = new Set<string>();
  for (const u of units) {
    const mine = u.ratings.find((r) => r.rater === rater);
    const rest = u.ratings.filter((r) => r !== mine);
    if (!mine || rest.length === 0) continue;
    const consensus = isScored(kind) ? medoid(s, kind, rest) : kind === 'nominal' ? majority(rest) : lowerMedian(rest);
    if (!consensus) continue;
    for (const r of rest) others.add(r.rater);
    perUnit.push([[mine, consensus]]);
  }
  return comparePairs(s, perUnit, others.size + (perUnit.length > 0 ? 1 : 0), `${nameOf(s, rater)} against the consensus of the others on ${s.field.field}`);
}

/** [Q8] Every pair of annotators who did at least one unit in common, compared on their shared units. */
export function pairAgreements(s: Subject, units: readonly Unit[]): PairAgreement[] {
  const byPair = new Map<string, [Rating, Rating][][]>();
  for (const u of units) {
    const sorted = [...u.ratings].sort((a, b) => (a.rater < b.rater ? -1 : 1));
    for (const [x, y] of allPairs(sorted)) {
      const key = `${x.rater}\u0000${y.rater}`;
      const list = byPair.get(key) ?? [];
      list.push([[x, y]]);
      byPair.set(key, list);
    }
  }
  return [...byPair]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, perUnit]) => {
      const [a, b] = key.split('\u0000') as [string, string];
      return { a, b, agreement: comparePairs(s, perUnit, 2, `${nameOf(s, a)} and ${nameOf(s, b)} on ${s.field.field}`) };
    });
}
