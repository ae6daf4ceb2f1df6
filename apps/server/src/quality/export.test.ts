import type { QualityFlag, QualityReport } from '@concord/protocol';
import { qualitySettingsSchema } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { csvCell, exportReport, toCsv } from './export.ts';

const metric = (value: number | null) => ({
  metric: 'cohen_kappa' as const,
  value,
  ci: value === null ? null : ([value - 0.1, value + 0.1] as [number, number]),
  units: 12,
  raters: 2,
  percentAgreement: 0.8,
  prevalence: null,
  explain: '',
});

const flag: QualityFlag = {
  id: 'qfl_x',
  projectId: 'prj_x',
  userId: 'usr_b',
  userName: '@Ben',
  slice: 'safety',
  reason: 'agreement',
  metric: 'cohen_kappa',
  value: 0.4,
  threshold: 0.75,
  units: 12,
  state: 'open',
  raisedAt: '2026-01-01T00:00:00.000Z',
  clearedAt: null,
  clearedBySession: null,
  clearedBy: null,
  clearNote: null,
};

const slice = (name: string, value: number | null) => ({ slice: name, items: 6, annotations: 12, headline: metric(value), fields: [], gold: null });

const report: QualityReport = {
  projectId: 'prj_x',
  taskType: 'preference',
  generatedAt: '2026-01-01T00:00:00.000Z',
  window: { from: '2025-10-01T00:00:00.000Z', to: '2026-01-01T00:00:00.000Z' },
  settings: qualitySettingsSchema.parse({}),
  overall: slice('*', 0.5),
  slices: [slice('safety', -0.25)],
  annotators: [
    {
      userId: 'usr_a',
      name: '=HYPERLINK("http://x","click")',
      annotations: 6,
      slices: [{ slice: 'safety', agreement: metric(0.5), vsConsensus: metric(0.6), gold: null }],
      bias: null,
      openFlags: [],
    },
  ],
  pairs: [],
  timeline: [],
  flags: [flag],
};

describe('quality export [R3]', () => {
  it('[R3] prefixes text cells that a spreadsheet would evaluate, and quotes what needs quoting', () => {
    expect(csvCell('=1+2')).toBe("'=1+2");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=A1,"x"')).toBe('"\'=A1,""x"""');
    expect(csvCell('safety')).toBe('safety');
  });

  it('[R3] writes numbers as numbers (a negative kappa stays a number) and undefined as empty', () => {
    expect(csvCell(-0.25)).toBe('-0.25');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('[R3] a CSV table has a header row and one line per row', () => {
    expect(toCsv([{ a: 1, b: 'x' }], ['a', 'b'])).toBe('a,b\r\n1,x\r\n');
    const file = exportReport(report, { table: 'annotators', format: 'csv' });
    const lines = file.body.trimEnd().split('\r\n');
    expect(lines[0]).toMatch(/^user_id,name,annotations,slice,metric,value,ci_low,ci_high,units/);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x"",""click"")"`);
    expect(file.contentType).toBe('text/csv; charset=utf-8');
  });

  it('[R3] slices include the whole project (*), flags keep their names escaped, JSON gives the same rows', () => {
    const slices = exportReport(report, { table: 'slices', format: 'csv' }).body.split('\r\n');
    expect(slices[1]).toMatch(/^\*,6,12,cohen_kappa,0.5,/);
    expect(slices[2]).toMatch(/^safety,6,12,cohen_kappa,-0.25,/);
    expect(exportReport(report, { table: 'flags', format: 'csv' }).body).toContain(",'@Ben,");
    const json = JSON.parse(exportReport(report, { table: 'flags', format: 'json' }).body) as Record<string, unknown>[];
    expect(json).toEqual([expect.objectContaining({ id: 'qfl_x', name: '@Ben', value: 0.4, threshold: 0.75 })]);
  });

  it('[R3] an empty table still has its header', () => {
    expect(exportReport(report, { table: 'pairs', format: 'csv' }).body).toBe('a,a_name,b,b_name,metric,value,ci_low,ci_high,units\r\n');
  });
});
