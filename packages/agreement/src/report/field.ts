import type { FieldAgreement, MetricValue } from '@concord/protocol';
import { kendallW } from '../metrics/kendall.ts';
import type { Label } from '../metrics/labels.ts';
import { alpha, confusionOf, encode, fleiss, pooledKappa, type LabelPairs } from './categorical.ts';
import { meanWithCi, metricValue, type CiContext } from './metric-value.ts';
import { createPairScorer, isScored, meanScore, sampleTexts, type PairScore, type ScoredKind } from './scored.ts';
import { comparable, ratersOf, type FieldData, type Unit } from './table.ts';

/** Per field, what is computed once and shared by every group of units (pair scores). */
export interface FieldContext extends CiContext {
  scorers: Map<string, (x: Unit['ratings'][number], y: Unit['ratings'][number]) => PairScore>;
  /** Text fields: the units whose texts are compared, when sampled [Q6]. */
  textSamples: Map<string, Set<Unit> | null>;
}

export function createFieldContext(seed: number): FieldContext {
  return { seed, scorers: new Map(), textSamples: new Map() };
}

/** [Q6] The field's sampled text units (null: every unit is compared), drawn once per report. */
function textSampleOf(ctx: FieldContext, data: FieldData): Set<Unit> | null {
  if (!ctx.textSamples.has(data.field)) {
    const sample = sampleTexts(comparable(data.units), ctx.seed);
    ctx.textSamples.set(data.field, sample.sampled ? new Set(sample.units) : null);
  }
  return ctx.textSamples.get(data.field) ?? null;
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

/** The ratings of a two-annotator unit as one pair, in rater-id order. */
function orderedPair(u: Unit): LabelPairs {
  const [x, y] = u.ratings[0] && u.ratings[1] && u.ratings[0].rater > u.ratings[1].rater ? [u.ratings[1], u.ratings[0]] : [u.ratings[0], u.ratings[1]];
  return [[x?.value as Label, y?.value as Label]];
}

function categorical(data: FieldData, units: Unit[], ctx: FieldContext, primaryOnly: boolean): Omit<FieldAgreement, 'field' | 'kind'> {
  const raters = ratersOf(units);
  const subject = data.field;
  const values = encode(units);
  const confusion = primaryOnly || data.kind === 'interval' ? null : confusionOf(values);
  const others: MetricValue[] = [];
  if (data.kind !== 'nominal') {
    const level = data.kind === 'ordinal' ? 'ordinal' : 'interval';
    // Two annotators: every compared unit has one rating of each.
    if (!primaryOnly && raters.length === 2) others.push(pooledKappa(units.map(orderedPair), { weights: 'quadratic', raters: 2, subject, ctx }));
    return { primary: alpha(values, { level, raters: raters.length, subject, ctx }), others, confusion };
  }
  const sameCount = values.codes.every((v) => v.length === values.codes[0]?.length);
  if (raters.length > 2 && !sameCount) return { primary: alpha(values, { level: 'nominal', raters: raters.length, subject, ctx }), others, confusion };
  if (!primaryOnly) others.push(alpha(values, { level: 'nominal', raters: raters.length, subject, ctx, interval: false }));
  // No compared unit (raters 0) reads as the two-annotator case: Cohen's kappa, undefined.
  const primary = raters.length <= 2 ? pooledKappa(units.map(orderedPair), { raters: raters.length, subject, ctx }) : fleiss(values, { raters: raters.length, subject, ctx });
  return { primary, others, confusion };
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
    ...meanWithCi(perUnit, ctx),
    units: perUnit.length,
    raters,
    subject,
    undefinedReason: 'every compared ranking ties all responses',
  });
}

function scored(data: FieldData, kind: ScoredKind, units: Unit[], ctx: FieldContext, primaryOnly: boolean): Omit<FieldAgreement, 'field' | 'kind'> {
  const chosen = kind === 'text' ? textSampleOf(ctx, data) : null;
  const sample = chosen ? { units: units.filter((u) => chosen.has(u)), sampled: true } : { units, sampled: false };
  const scorer = scorerOf(ctx, data.field, kind);
  const perUnit = sample.units.map((u) => allPairs(u.ratings).map(([x, y]) => scorer(x, y)));
  const raters = ratersOf(sample.units).length;
  const labels = kind === 'regions' ? sample.units.flatMap((u) => u.ratings.flatMap((r) => (r.value as { label: string }[]).map((box) => box.label))) : undefined;
  const { primary, meanIou } = meanScore(kind, perUnit, { raters, subject: data.field, ctx, ...(labels ? { labels } : {}), ...(sample.sampled ? { sampledFrom: units.length } : {}) });
  const others = primaryOnly ? [] : meanIou ? [meanIou] : kind === 'ranking' ? [meanKendallW(units, raters, data.field, ctx)] : [];
  return { primary, others, confusion: null };
}

/**
 * [Q4] [Q5] Agreement on one field over some units (a slice, a week): units rated by at least two
 * annotators are compared; the primary metric depends on the field's kind and its annotators (see SPEC).
 * `primaryOnly` skips the metrics beside it and the confusion matrix (the timeline needs one number).
 */
export function fieldAgreement(data: FieldData, units: readonly Unit[], ctx: FieldContext, options: { primaryOnly?: boolean } = {}): FieldAgreement {
  const compared = comparable(units);
  const primaryOnly = options.primaryOnly ?? false;
  const result = isScored(data.kind) ? scored(data, data.kind, compared, ctx, primaryOnly) : categorical(data, compared, ctx, primaryOnly);
  return { field: data.field, kind: data.kind, ...result };
}
