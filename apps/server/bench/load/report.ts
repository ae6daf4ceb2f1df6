// Printing: one table per scenario (rows = metrics, columns = servers and Concord / reference), then targets.
import type { ServerKind } from './servers/types.ts';

export const serverKinds: ServerKind[] = ['concord', 'y-websocket', 'hocuspocus'];
const headers: Record<ServerKind, string> = { concord: 'concord', 'y-websocket': 'y-websocket-server', hocuspocus: 'hocuspocus' };

/** One metric row: a value per server (a number, a text, or absent) and whether a ratio makes sense. */
export interface Row {
  metric: string;
  values: Partial<Record<ServerKind, number | string>>;
  digits?: number;
  /** Print concord / y-websocket-server (default true for numbers). */
  ratio?: boolean;
}

export function formatNumber(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return String(value);
  return value.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** The ratio concord / reference as text, or '' when either is missing or not a number. */
export function ratioOf(row: Row): string {
  const concord = row.values.concord;
  const ref = row.values['y-websocket'];
  if (row.ratio === false || typeof concord !== 'number' || typeof ref !== 'number' || ref === 0) return '';
  return `${(concord / ref).toFixed(2)}x`;
}

/** A plain-text table (also valid Markdown). */
export function renderTable(title: string, rows: Row[]): string {
  const columns = ['metric', ...serverKinds.map((k) => headers[k]), 'concord/ref'];
  const cells = rows.map((row) => [
    row.metric,
    ...serverKinds.map((kind) => {
      const value = row.values[kind];
      return value === undefined ? 'n/a' : typeof value === 'number' ? formatNumber(value, row.digits) : value;
    }),
    ratioOf(row),
  ]);
  const widths = columns.map((c, i) => Math.max(c.length, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${'-'.repeat(w + 1)}-` : `${'-'.repeat(w + 1)}:`)).join('|')}|`;
  return [`\n### ${title}\n`, line(columns), rule, ...cells.map(line)].join('\n');
}

/** A target: met, missed, or not measured in this run. */
export interface TargetCheck {
  name: string;
  met: boolean | null;
  detail: string;
}

export function renderTargets(checks: TargetCheck[]): string {
  const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');
  return ['\n### Targets (reference = @y/websocket-server)\n', ...checks.map((c) => `- ${mark(c.met)}: ${c.name} — ${c.detail}`)].join('\n');
}
