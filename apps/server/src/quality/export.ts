import type { MetricValue, QualityReport } from '@concord/protocol';

/** The tables of a quality export [R3]. */
export const exportTables = ['annotators', 'slices', 'pairs', 'fields', 'flags'] as const;
export type ExportTable = (typeof exportTables)[number];
export type ExportFormat = 'csv' | 'json';

type Cell = string | number | boolean | null;
type Row = Record<string, Cell>;

const metricCells = (prefix: string, m: MetricValue | null): Row => ({
  [`${prefix}metric`]: m?.metric ?? null,
  [`${prefix}value`]: m?.value ?? null,
  [`${prefix}ci_low`]: m?.ci?.[0] ?? null,
  [`${prefix}ci_high`]: m?.ci?.[1] ?? null,
  [`${prefix}units`]: m?.units ?? null,
});

/** The rows of one table of a report: one object per row, the same keys in every row. */
export function tableRows(report: QualityReport, table: ExportTable): Row[] {
  const names = new Map(report.annotators.map((a) => [a.userId, a.name]));
  switch (table) {
    case 'annotators':
      return report.annotators.flatMap((a) =>
        a.slices.map((s) => ({
          user_id: a.userId,
          name: a.name,
          annotations: a.annotations,
          slice: s.slice,
          ...metricCells('', s.agreement),
          vs_consensus: s.vsConsensus.value,
          ...metricCells('gold_', s.gold),
          first_shown_rate: a.bias?.firstShownRate ?? null,
          tie_rate: a.bias?.tieRate ?? null,
          longer_chosen_rate: a.bias?.longerChosenRate ?? null,
          median_seconds: a.bias?.medianSeconds ?? null,
          too_fast: a.bias?.tooFast ?? null,
          open_flags: a.openFlags.filter((f) => f.slice === s.slice).map((f) => f.reason).join(' '),
        })),
      );
    case 'slices':
      return [report.overall, ...report.slices].map((s) => ({
        slice: s.slice,
        items: s.items,
        annotations: s.annotations,
        ...metricCells('', s.headline),
        raters: s.headline.raters,
        percent_agreement: s.headline.percentAgreement,
        ...metricCells('gold_', s.gold),
      }));
    case 'pairs':
      return report.pairs.map((p) => ({ a: p.a, a_name: names.get(p.a) ?? null, b: p.b, b_name: names.get(p.b) ?? null, ...metricCells('', p.agreement) }));
    case 'fields':
      return [report.overall, ...report.slices].flatMap((s) =>
        s.fields.map((f) => ({ slice: s.slice, field: f.field, kind: f.kind, ...metricCells('', f.primary), percent_agreement: f.primary.percentAgreement })),
      );
    case 'flags':
      return report.flags.map((f) => ({
        id: f.id,
        user_id: f.userId,
        name: f.userName,
        slice: f.slice,
        reason: f.reason,
        metric: f.metric,
        value: f.value,
        threshold: f.threshold,
        units: f.units,
        state: f.state,
        raised_at: f.raisedAt,
        cleared_at: f.clearedAt,
        cleared_by: f.clearedBy,
        cleared_by_session: f.clearedBySession,
        clear_note: f.clearNote,
      }));
  }
}

/**
 * One CSV cell [R3]: text starting with = + - @ (or a tab or carriage return) gets a leading `'` so a
 * spreadsheet shows it instead of evaluating it; numbers are written as numbers; quotes, commas and line
 * breaks are quoted.
 * @example csvCell('=HYPERLINK("x")') // '"\'=HYPERLINK(""x"")"'
 */
export function csvCell(value: Cell): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Rows as CSV with a header row (CRLF line ends, as RFC 4180). */
export function toCsv(rows: Row[], header: string[]): string {
  const lines = [header.map(csvCell).join(','), ...rows.map((row) => header.map((key) => csvCell(row[key] ?? null)).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A header for an empty table: the keys its rows would have. */
const emptyHeaders: Record<ExportTable, string[]> = {
  annotators: ['user_id', 'name', 'annotations', 'slice', 'metric', 'value', 'ci_low', 'ci_high', 'units'],
  slices: ['slice', 'items', 'annotations', 'metric', 'value', 'ci_low', 'ci_high', 'units'],
  pairs: ['a', 'a_name', 'b', 'b_name', 'metric', 'value', 'ci_low', 'ci_high', 'units'],
  fields: ['slice', 'field', 'kind', 'metric', 'value', 'ci_low', 'ci_high', 'units'],
  flags: ['id', 'user_id', 'name', 'slice', 'reason', 'metric', 'value', 'threshold', 'units', 'state'],
};

/**
 * One table of a report as a download [R3].
 * @example const file = exportReport(report, { table: 'slices', format: 'csv' }); // { body, contentType, fileName }
 */
export function exportReport(report: QualityReport, options: { table: ExportTable; format: ExportFormat }): { body: string; contentType: string; fileName: string } {
  const rows = tableRows(report, options.table);
  const fileName = `quality-${report.projectId}-${options.table}.${options.format}`;
  if (options.format === 'json') return { body: JSON.stringify(rows), contentType: 'application/json; charset=utf-8', fileName };
  const header = rows[0] ? Object.keys(rows[0]) : emptyHeaders[options.table];
  return { body: toCsv(rows, header), contentType: 'text/csv; charset=utf-8', fileName };
}
