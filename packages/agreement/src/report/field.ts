import type { FieldAgreement, MetricValue } from '@concord/protocol';
import { kendallW } from '../metrics/kendall.ts';
import { compareLabels, type Label } from '../metrics/labels.ts';
import { alpha, fleiss, pooledKappa, type LabelPairs } from './categorical.ts';
import { meanOf, metricValue, unitCi, type CiContext } from './metric-value.ts';
import { createPairScorer, isScored, meanScore, sampleTexts, type PairScore, type ScoredKind } from './scored.ts';
import { comparable, ratersOf, type FieldData, type Unit } from './table.ts';

/** Per field, what is computed once and shared by every group of units (pair scores). */
export interface FieldContext extends CiContext {
  scorers: Map<string, (x: Unit['ratings'][number], y: Unit['ratings'][number]) => PairScore>;
}

export function createFieldContext(seed: number): FieldContext {
  return { seed, scorers: new Map() };
}

/** The pair scorer of a scored field (cached, so a pair of annotations is compared once per report). */
export function scorerOf(ctx: FieldContext, field: string, kind: ScoredKind) {
  let scorer = ctx.scorers.get(field);
  if (!scorer) ctx.scorers.set(field, (scorer = createPairScorer(kind)));
  return scorer;
}

/** Every pair of ratings of a unit, each once. */
export function allPairs<T>(items: readonly T[]): [T, T][] {
  const pairs: [T, T][] = [];
  for (let i = 0; i < items.length; i++) for (let j = i + 1; j < items.length; j++) pairs.push([items[i] as T, items[j] as T]);
  return pairs;
}

/** Labels × labels counts over every pair of ratings on a unit, both ways (symmetric). */
function confusionOf(units: readonly Unit[]): FieldAgreement['confusion'] {
  const labels = [...new Set(units.flatMap((u) => u.ratings.map((r) => r.value as Label)))].sort(compareLabels);
  if (labels.length === 0) return null;
  const index = new Map(labels.map((label, i) => [label, i]));
  const counts = labels.map(() => labels.map(() => 0));
  for (const u of units) {
    for (const [x, y] of allPairs(u.ratings)) {
      const [i, j] = [index.get(x.value as Label) ?? 0, index.get(y.value as Label) ?? 0];
      (counts[i] as number[])[j]! += 1;
      (counts[j] as number[])[i]! += 1;
    }
  }
  return { labels: labels.map(String), counts };
}

function categorical(data: FieldData, units: Unit[], ctx: FieldContext): Omit<FieldAgreement, 'field' | 'kind'> {
  const raters = ratersOf(units);
  const subject = data.field;
  const values = units.map((u) => u.ratings.map((r) => r.value as Label));
  const confusion = data.kind === 'interval' ? null : confusionOf(units);
  if (data.kind !== 'nominal') {
    const level = data.kind === 'ordinal' ? 'ordinal' : 'interval';
    const primary = alpha(values, { level, raters: raters.length, subject, ctx });
    const others: MetricValue[] = [];
    if (raters.length === 2) {
      // Two annotators: every compared unit has one rating of each, in rater-id order.
      const pairs = units.map((u): LabelPairs => [[...u.ratings].sort((a, b) => (a.rater < b.rater ? -1 : 1)).map((r) => r.value as Label) as [Label, Label]]);
      others.push(pooledKappa(pairs, { weights: 'quadratic', raters: 2, subject, ctx }).value);
    }
    return { primary, others, confusion };
  }
  if (raters.length === 2) {
    const pairs = units.map((u): LabelPairs => [[...u.ratings].sort((a, b) => (a.rater < b.rater ? -1 : 1)).map((r) => r.value as Label) as [Label, Label]]);
    const primary = pooledKappa(pairs, { raters: 2, subject: `${subject} between ${raters.join(' and ')}`, ctx }).value;
    return { primary, others: [alpha(values, { level: 'nominal', raters: 2, subject, ctx, interval: false })], confusion };
  }
  const sizes = new Set(values.map((v) => v.length));
  if (sizes.size === 1) {
    const primary = fleiss(values, { raters: raters.length, subject, ctx });
    return { primary, others: [alpha(values, { level: 'nominal', raters: raters.length, subject, ctx, interval: false })], confusion };
  }
  return { primary: alpha(values, { level: 'nominal', raters: raters.length, subject, ctx }), others: [], confusion };
}

/** Kendall's W per unit over the responses every rater of it ranked; the mean over units. */
function meanKendallW(units: readonly Unit[], raters: number, subject: string, ctx: CiContext): MetricValue {
  const perUnit = units
    .map((u) => {
      const rankings = u.ratings.map((r) => r.value as Record<string, number>);
      const keys = Object.keys(rankings[0] ?? {})
        .filter((key) => rankings.every((ranking) => ranking[key] !== undefined))
        .sort();
      return keys.length < 2 ? NaN : kendallW(rankings.map((ranking) => keys.map((key) => ranking[key] ?? 0)));
    })
    .filter(Number.isFinite);
  return metricValue({
    metric: 'kendall_w',
    value: meanOf(perUnit),
    ci: unitCi(perUnit, meanOf, ctx),
    units: perUnit.length,
    raters,
    subject,
    undefinedReason: 'every compared ranking ties all responses',
  });
}

function scored(data: FieldData, kind: ScoredKind, units: Unit[], ctx: FieldContext): Omit<FieldAgreement, 'field' | 'kind'> {
  const sample = kind === 'text' ? sampleTexts(units, ctx.seed) : { units, sampled: false };
  const scorer = scorerOf(ctx, data.field, kind);
  const perUnit = sample.units.map((u) => allPairs(u.ratings).map(([x, y]) => scorer(x, y)));
  const raters = ratersOf(sample.units).length;
  const labels = kind === 'regions' ? sample.units.flatMap((u) => u.ratings.flatMap((r) => (r.value as { label: string }[]).map((box) => box.label))) : undefined;
  const { primary, meanIou } = meanScore(kind, perUnit, { raters, subject: data.field, ctx, ...(labels ? { labels } : {}), ...(sample.sampled ? { sampledFrom: units.length } : {}) });
  const others = meanIou ? [meanIou] : kind === 'ranking' ? [meanKendallW(units, raters, data.field, ctx)] : [];
  return { primary, others, confusion: null };
}

/**
 * [Q4] [Q5] Agreement on one field over some units (a slice, a week): units rated by at least two
 * annotators are compared; the primary metric depends on the field's kind and its annotators (see SPEC).
 */
export function fieldAgreement(data: FieldData, units: readonly Unit[], ctx: FieldContext): FieldAgreement {
  const compared = comparable(units);
  const result = isScored(data.kind) ? scored(data, data.kind, compared, ctx) : categorical(data, compared, ctx);
  return { field: data.field, kind: data.kind, ...result };
}
