/** The window of a report request: ISO instants; null asks for the project's own `windowDays`. */
export interface ReportWindow {
  from: string;
  to: string;
}

/** The preset windows offered beside the date inputs, in days. */
export const windowPresets = [7, 30, 90] as const;

const dayMs = 86_400_000;

/**
 * The last `days` days up to now.
 * @example presetWindow({ days: 7, now: new Date('2030-01-08T12:00:00Z') }) // { from: '2030-01-01T12:00:00.000Z', to: '2030-01-08T12:00:00.000Z' }
 */
export function presetWindow(options: { days: number; now?: Date }): ReportWindow {
  const now = options.now ?? new Date();
  return { from: new Date(now.getTime() - options.days * dayMs).toISOString(), to: now.toISOString() };
}

/**
 * A window from two calendar days (`YYYY-MM-DD`, as date inputs give them), both included, in UTC;
 * null when a day is missing or invalid, or the end comes before the start.
 * @example dayWindow({ from: '2030-01-01', to: '2030-01-31' }) // { from: '2030-01-01T00:00:00.000Z', to: '2030-01-31T23:59:59.999Z' }
 */
export function dayWindow(days: { from: string; to: string }): ReportWindow | null {
  const start = Date.parse(`${days.from}T00:00:00.000Z`);
  const end = Date.parse(`${days.to}T23:59:59.999Z`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(days.from) || !/^\d{4}-\d{2}-\d{2}$/.test(days.to)) return null;
  if (Number.isNaN(start) || Number.isNaN(end) || end < start) return null;
  return { from: new Date(start).toISOString(), to: new Date(end).toISOString() };
}

/** The calendar day (UTC, `YYYY-MM-DD`) of an ISO instant, as a date input shows it. */
export function dayOf(iso: string): string {
  const time = Date.parse(iso);
  return Number.isNaN(time) ? '' : new Date(time).toISOString().slice(0, 10);
}

/**
 * How many whole days a window spans (rounded), to tell which preset it is.
 * @example windowLength({ from: '2030-01-01T00:00:00Z', to: '2030-01-31T00:00:00Z' }) // 30
 */
export function windowLength(window: ReportWindow): number {
  return Math.round((Date.parse(window.to) - Date.parse(window.from)) / dayMs);
}

/**
 * A window as people read it: its first and last UTC days.
 * @example formatWindow({ from: '2030-01-01T00:00:00Z', to: '2030-01-31T23:59:59Z' }) // '2030-01-01 – 2030-01-31'
 */
export function formatWindow(window: ReportWindow): string {
  return `${dayOf(window.from)} – ${dayOf(window.to)}`;
}
