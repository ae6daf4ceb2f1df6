/** One day of throughput. */
export interface DayCount {
  day: string;
  submitted: number;
  accepted: number;
}

/**
 * The last `days` UTC days ending today, each with its counts (0 for days the server left out), oldest first.
 * @example fillDays([{ day: '2030-01-02', submitted: 3, accepted: 1 }], { days: 3, today: new Date('2030-01-03T12:00:00Z') })
 */
export function fillDays(rows: readonly DayCount[], options: { days?: number; today?: Date } = {}): DayCount[] {
  const days = options.days ?? 30;
  const today = options.today ?? new Date();
  const byDay = new Map(rows.map((r) => [r.day.slice(0, 10), r]));
  const end = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  return Array.from({ length: days }, (_, i) => {
    const day = new Date(end - (days - 1 - i) * 86_400_000).toISOString().slice(0, 10);
    const row = byDay.get(day);
    return { day, submitted: row?.submitted ?? 0, accepted: row?.accepted ?? 0 };
  });
}

/**
 * A round top for a chart's axis: the smallest of 1, 2, 5 × 10ⁿ at or above the largest value (at least 1).
 * @example niceMax([0, 7, 3]) // 10
 */
export function niceMax(values: readonly number[]): number {
  const max = Math.max(1, ...values.filter((v) => Number.isFinite(v)));
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** A share as a percentage of a total, 0 when the total is 0. */
export function percent(part: number, total: number): number {
  return total > 0 ? (part / total) * 100 : 0;
}
