import { describe, expect, it } from 'vitest';
import { fixtureReport } from './fixtures.ts';
import { heatRows, heatSlices, sliceLabel } from './heat-map.ts';

describe('annotator × slice heat map', () => {
  it('has all items first, then the report’s slices', () => {
    const report = fixtureReport();
    expect(heatSlices(report)).toEqual(['*', 'hard', 'easy']);
    const extra = { ...report, annotators: [{ ...report.annotators[0]!, slices: [...report.annotators[0]!.slices, { ...report.annotators[0]!.slices[0]!, slice: 'new' }] }] };
    expect(heatSlices(extra)).toEqual(['*', 'hard', 'easy', 'new']);
    expect(sliceLabel('*')).toBe('All items');
    expect(sliceLabel('hard')).toBe('hard');
  });

  it('puts flagged annotators first and marks the flagged cell [F1]', () => {
    const report = fixtureReport();
    const rows = heatRows(report.annotators, heatSlices(report));
    expect(rows.map((r) => [r.name, r.flagged])).toEqual([
      ['Ana', true],
      ['Bo', false],
    ]);
    const ana = rows[0]!;
    expect(ana.cells.map((c) => c.flags.length)).toEqual([0, 1, 0]);
    expect(ana.cells[1]?.agreement?.value).toBe(0.31);
  });

  it('keeps an undefined number apart from a slice the annotator never worked on', () => {
    const report = fixtureReport();
    const bo = heatRows(report.annotators, heatSlices(report)).find((r) => r.name === 'Bo')!;
    const [all, hard, easy] = bo.cells;
    expect(all?.agreement?.value).toBe(0.9);
    expect(all?.gold?.value).toBe(0.95);
    expect(hard?.agreement).toBeNull();
    expect(easy?.agreement).not.toBeNull();
    expect(easy?.agreement?.value).toBeNull();
  });
});
