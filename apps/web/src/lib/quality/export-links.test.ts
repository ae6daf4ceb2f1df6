import { describe, expect, it } from 'vitest';
import { exportFileName, exportPath } from './export-links.ts';

describe('export links [R3]', () => {
  it('builds the export path with format, table and the shown window', () => {
    expect(exportPath({ projectId: 'prj_1', table: 'slices', format: 'csv', window: null })).toBe('/projects/prj_1/quality/export?format=csv&table=slices');
    expect(exportPath({ projectId: 'prj_1', table: 'slices', format: 'csv', window: { from: '2030-01-01T00:00:00.000Z', to: null } })).toBe(
      '/projects/prj_1/quality/export?format=csv&table=slices&from=2030-01-01T00%3A00%3A00.000Z',
    );
    expect(exportPath({ projectId: 'prj 1', table: 'flags', format: 'json', window: { from: '2030-01-01T00:00:00.000Z', to: '2030-01-31T23:59:59.999Z' } })).toBe(
      '/projects/prj%201/quality/export?format=json&table=flags&from=2030-01-01T00%3A00%3A00.000Z&to=2030-01-31T23%3A59%3A59.999Z',
    );
  });

  it('names the file after the server’s Content-Disposition, else after table, project and window', () => {
    const request = { projectId: 'prj_1', table: 'pairs', format: 'json', window: null } as const;
    expect(exportFileName(request)).toBe('quality-pairs-prj_1.json');
    expect(exportFileName({ ...request, format: 'csv', window: { from: '2030-01-01T00:00:00Z', to: '2030-01-31T00:00:00Z' } })).toBe('quality-pairs-prj_1-2030-01-01_2030-01-31.csv');
    expect(exportFileName({ ...request, window: { from: '2030-01-01T00:00:00Z', to: null } })).toBe('quality-pairs-prj_1-2030-01-01_now.json');
    expect(exportFileName(request, 'attachment; filename="quality-pairs.csv"')).toBe('quality-pairs.csv');
    expect(exportFileName(request, "attachment; filename*=UTF-8''na%C3%AFve%20report.csv")).toBe('na_ve_report.csv');
    expect(exportFileName(request, 'attachment; filename="../../etc/passwd"')).toBe('passwd');
  });
});
