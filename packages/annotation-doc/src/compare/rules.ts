import type { AnnotationDoc } from '../read.ts';

/** How far versions may differ before they disagree. */
export interface DisagreementThresholds {
  /** [D9] Matched regions overlapping less than this (IoU) disagree; default 0.5. */
  iou: number;
  /** [D6] Rubric scores further apart than this disagree; default 1. */
  rubricDelta: number;
  /** [D14] Assistant replies less alike than this (normalised Levenshtein) disagree; default 0.8. */
  textSimilarity?: number;
}

/** Thresholds with every value given. */
export type Thresholds = Required<DisagreementThresholds>;

/** One field on which some versions disagree. */
export interface Disagreement {
  /** A field path (`judgement.choice`, `regions.<id>.label`, `turns.<id>.text` …), of the first version involved. */
  field: string;
  /** What kind of disagreement: `mode`, `choice`, `ranking`, `strength`, `score`, `region-missing`, `region-overlap`, `label`, `vqa-answer`, `style`, `turns`, `turn-text`. */
  kind: string;
  /** For people; never names responses (letters differ per person [A6]): `detail` carries response ids. */
  message: string;
  /** Ids of the versions involved, in the order they were given. */
  versions: string[];
  /** The values behind the disagreement, by version id, and measures (IoU, similarity). */
  detail?: Record<string, unknown>;
}

/** One version of an annotation and its id (a submission, an annotator). */
export interface AnnotationVersion<D = AnnotationDoc> {
  id: string;
  doc: D;
}

/** Every pair of a list, in order. */
export function pairsOf<T>(items: readonly T[]): [T, T][] {
  return items.flatMap((a, i) => items.slice(i + 1).map((b): [T, T] => [a, b]));
}

/** Ids of the entries in at least one pair that differs, in the order given. */
export function involvedIds<T>(entries: readonly (readonly [string, T])[], differ: (a: T, b: T) => boolean): string[] {
  const ids = new Set<string>();
  for (const [[ia, a], [ib, b]] of pairsOf(entries)) {
    if (differ(a, b)) ids.add(ia).add(ib);
  }
  return entries.map(([id]) => id).filter((id) => ids.has(id));
}

/** A rule on one value per version: versions without a value (null) take no part [D1]. */
export interface ValueRule<D, T> {
  field: string;
  kind: string;
  get(doc: D): T | null;
  differ(a: T, b: T): boolean;
  /** The message, given the values of the versions involved. */
  message(values: [string, T][]): string;
}

/**
 * [D1] Compares every pair of versions on one value; one disagreement listing every version in a
 * differing pair, with the values of all versions that have one (`detail.values`).
 */
export function valueRule<D, T>(versions: readonly AnnotationVersion<D>[], rule: ValueRule<D, T>): Disagreement[] {
  const entries = versions.flatMap((v): [string, T][] => {
    const value = rule.get(v.doc);
    return value === null ? [] : [[v.id, value]];
  });
  const ids = involvedIds(entries, rule.differ);
  if (ids.length === 0) return [];
  const involved = entries.filter(([id]) => ids.includes(id));
  return [{ field: rule.field, kind: rule.kind, message: rule.message(involved), versions: ids, detail: { values: Object.fromEntries(entries) } }];
}

/** `a: x; b: y` for a message. */
export function listValues<T>(values: readonly (readonly [string, T])[], show: (value: T) => string): string {
  return values.map(([id, value]) => `${id}: ${show(value)}`).join('; ');
}
