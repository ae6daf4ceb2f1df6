import type { FieldKind, QualitySettings } from '@concord/protocol';
import type { ObservationValue, Submission } from '../observe/types.ts';

/** A value as compared: the `value` of an observation. */
export type Value = ObservationValue['value'];

/** One annotator's value on one unit. */
export interface Rating {
  rater: string;
  value: Value;
  /** When it was submitted (epoch ms). */
  at: number;
}

/** One unit of one field (`${itemId}/${unit}`) with everyone's values on it, by rater id. */
export interface Unit {
  key: string;
  itemId: string;
  ratings: Rating[];
}

/** Everything said about one field. */
export interface FieldData {
  field: string;
  kind: FieldKind;
  units: Unit[];
}

/** The window a report covers, epoch milliseconds, both ends included. */
export interface Window {
  from: number;
  to: number;
}

const day = 86_400_000;

/** [Q1] `to` defaults to now and `from` to `to` − windowDays. */
export function windowOf(options: { settings: QualitySettings; now: number; from?: number; to?: number }): Window {
  const to = options.to ?? options.now;
  return { from: options.from ?? to - options.settings.windowDays * day, to };
}

/**
 * [Q1] The submissions a report counts: submitted inside the window, and one per item and annotator (the
 * latest: a resubmission after a return replaces the earlier one).
 */
export function selectSubmissions(submissions: readonly Submission[], window: Window): Submission[] {
  const latest = new Map<string, Submission>();
  for (const s of submissions) {
    if (s.submittedAt < window.from || s.submittedAt > window.to) continue;
    const key = `${s.itemId}\u0000${s.raterId}`;
    const seen = latest.get(key);
    if (!seen || s.submittedAt >= seen.submittedAt) latest.set(key, s);
  }
  return [...latest.values()];
}

/**
 * [Q1] Observations grouped by field, then unit. A field's kind is the kind most of its observations have
 * (observations of another kind, e.g. from an older configuration, are left out).
 */
export function tableOf(submissions: readonly Submission[]): Map<string, FieldData> {
  const kinds = new Map<string, Map<FieldKind, number>>();
  for (const s of submissions) {
    for (const o of s.observations) {
      const byKind = kinds.get(o.field) ?? new Map<FieldKind, number>();
      byKind.set(o.kind, (byKind.get(o.kind) ?? 0) + 1);
      kinds.set(o.field, byKind);
    }
  }
  const fields = new Map<string, FieldData & { index: Map<string, Unit> }>();
  for (const [field, byKind] of [...kinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const kind = [...byKind].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 'nominal';
    fields.set(field, { field, kind, units: [], index: new Map() });
  }
  for (const s of submissions) {
    for (const o of s.observations) {
      const data = fields.get(o.field);
      if (!data || data.kind !== o.kind) continue;
      const key = `${s.itemId}/${o.unit}`;
      let unit = data.index.get(key);
      if (!unit) {
        unit = { key, itemId: s.itemId, ratings: [] };
        data.index.set(key, unit);
        data.units.push(unit);
      }
      // One value per annotator and unit: the first observation of a unit counts.
      if (!unit.ratings.some((r) => r.rater === s.raterId)) unit.ratings.push({ rater: s.raterId, value: o.value, at: s.submittedAt });
    }
  }
  return new Map([...fields].map(([field, { index: _index, ...data }]) => [field, data]));
}

/** The units rated by at least two annotators. */
export function comparable(units: readonly Unit[]): Unit[] {
  return units.filter((u) => u.ratings.length >= 2);
}

/** Distinct raters of some units. */
export function ratersOf(units: readonly Unit[]): string[] {
  const raters = new Set<string>();
  for (const u of units) for (const r of u.ratings) raters.add(r.rater);
  return [...raters].sort();
}
