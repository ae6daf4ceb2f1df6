import type { FieldKind, QualitySettings } from '@concord/protocol';
import type { ObservationValue, Submission } from '../observe/types.ts';

/** A value as compared: the `value` of an observation. */
export type Value = ObservationValue['value'];

/** One annotator's value on one unit. */
export interface Rating {
  rater: string;
  /** The rater's index in this report (0, 1 …), for cheap sets of raters. */
  ri: number;
  value: Value;
  /** When it was submitted (epoch ms). */
  at: number;
}

/** One unit of one field (`${itemId}/${unit}`) with everyone's values on it, by rater id. */
export interface Unit {
  itemId: string;
  /** '' for a field that occurs once per item. */
  unit: string;
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

interface Building {
  kind: FieldKind;
  units: Unit[];
  /** itemId (a unit of its own) or itemId + NUL + unit → Unit. */
  index: Map<string, Unit>;
}

/**
 * [Q1] Observations grouped by field, then unit. A field's kind is the kind most of its observations have
 * (observations of another kind, e.g. from an older configuration, are left out).
 */
export function tableOf(submissions: readonly Submission[]): Map<string, FieldData> {
  const byField = new Map<string, Map<FieldKind, Building>>();
  // One string per rater id, so sets and comparisons of rater ids hit their fast path.
  const raters = new Map<string, { rater: string; ri: number }>();
  for (const s of submissions) {
    let known = raters.get(s.raterId);
    if (known === undefined) raters.set(s.raterId, (known = { rater: s.raterId, ri: raters.size }));
    const { rater, ri } = known;
    for (const o of s.observations) {
      let byKind = byField.get(o.field);
      if (!byKind) byField.set(o.field, (byKind = new Map()));
      let building = byKind.get(o.kind);
      if (!building) byKind.set(o.kind, (building = { kind: o.kind, units: [], index: new Map() }));
      const key = o.unit === '' ? s.itemId : `${s.itemId}\u0000${o.unit}`;
      let unit = building.index.get(key);
      if (!unit) {
        building.index.set(key, (unit = { itemId: s.itemId, unit: o.unit, ratings: [] }));
        building.units.push(unit);
      }
      // One value per annotator and unit: the first observation of a unit counts.
      let rated = false;
      for (const r of unit.ratings) if (r.rater === rater) rated = true;
      if (!rated) unit.ratings.push({ rater, ri, value: o.value, at: s.submittedAt });
    }
  }
  const fields = new Map<string, FieldData>();
  for (const field of [...byField.keys()].sort()) {
    const count = (b: Building) => b.units.reduce((sum, u) => sum + u.ratings.length, 0);
    const [main] = [...(byField.get(field)?.values() ?? [])].sort((x, y) => count(y) - count(x));
    if (main) fields.set(field, { field, kind: main.kind, units: main.units });
  }
  return fields;
}

/** A unit's key, `${itemId}/${unit}`. */
export function keyOf(u: Unit): string {
  return `${u.itemId}/${u.unit}`;
}

/** The units rated by at least two annotators. */
export function comparable(units: readonly Unit[]): Unit[] {
  return units.filter((u) => u.ratings.length >= 2);
}

/** Distinct raters of some units, sorted. */
export function ratersOf(units: readonly Unit[]): string[] {
  const seen: boolean[] = [];
  const raters: string[] = [];
  for (const u of units) {
    for (const r of u.ratings) {
      if (seen[r.ri] !== true) {
        seen[r.ri] = true;
        raters.push(r.rater);
      }
    }
  }
  return raters.sort();
}
