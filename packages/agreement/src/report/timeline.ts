import type { TimelinePoint } from '@concord/protocol';
import { fieldAgreement, type FieldContext } from './field.ts';
import type { FieldData, Unit } from './table.ts';

const day = 86_400_000;

/**
 * [Q12] The ISO date (UTC) of the Monday that starts the week of a time.
 * @example weekOf(Date.UTC(2026, 10, 26)) // '2026-11-23' (a Thursday's week)
 */
export function weekOf(at: number): string {
  const date = new Date(at);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return new Date(midnight - sinceMonday * day).toISOString().slice(0, 10);
}

/**
 * [Q12] Agreement on the headline field per week for one slice: a unit belongs to the week of its latest
 * annotation (when the comparison became possible); weeks without any unit are left out.
 */
export function timelineOf(slice: string, field: FieldData, units: readonly Unit[], ctx: FieldContext): TimelinePoint[] {
  const byWeek = new Map<string, Unit[]>();
  for (const u of units) {
    const week = weekOf(Math.max(...u.ratings.map((r) => r.at)));
    const list = byWeek.get(week) ?? [];
    list.push(u);
    byWeek.set(week, list);
  }
  return [...byWeek]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([bucket, weekUnits]) => {
      const { primary } = fieldAgreement(field, weekUnits, ctx, { primaryOnly: true });
      return { slice, bucket, value: primary.value, ci: primary.ci, units: primary.units };
    });
}
