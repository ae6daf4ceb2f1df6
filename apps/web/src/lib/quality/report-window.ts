/**
 * The window of a report request: ISO instants; `to` null is "up to now" (the server keeps such a
 * report cached for a while); a null window asks for the project's own `windowDays`.
 */
export interface ReportWindow {
  from: string;
  to: string | null;
}

/** The preset windows offered beside the date inputs, in days. */
export const windowPresets = [7, 30, 90] as const;

const dayMs = 86_400_000;
const hourMs = 3_600_000;

/**
 * The last `days` days up to now, starting on the hour (so repeated requests ask for the same window
 * and the server's cache answers them).
 * @example presetWindow({ days: 7, now: new Date('2030-01-08T12:34:00Z') }) // { from: '2030-01-01T12:00:00.000Z', to: null }
 */
export function presetWindow(options: { days: number; now?: Date }): ReportWindow {
  const now = options.now ?? new Date();
  const from = Math.floor((now.getTime() - options.days * dayMs) / hourMs) * hourMs;
  return { from: new Date(from).toISOString(), to: null };
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
 * A window as people read it: its first and last UTC days.
 * @example formatWindow({ from: '2030-01-01T00:00:00Z', to: '2030-01-31T23:59:59Z' }) // '2030-01-01 – 2030-01-31'
 */
export function formatWindow(window: { from: string; to: string }): string {
  return `${dayOf(window.from)} – ${dayOf(window.to)}`;
}
