import { describe, expect, it } from 'vitest';
import { fixtureReport, flag } from './fixtures.ts';
import { cellDescription, flagSummary, heatRows, heatSlices, sliceLabel } from './heat-map.ts';

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

  it('[F1] says what a flag is: reason, value against threshold, slice, units, when', () => {
    expect(flagSummary(flag())).toBe('Agreement 0.31 below the threshold 0.75 on hard (14 units), raised 2030-01-20 10:00 UTC.');
    expect(flagSummary(flag({ reason: 'gold_accuracy', metric: 'gold_accuracy', value: 0.5, threshold: 0.8, slice: '*', units: 1 }))).toBe(
      'Gold accuracy 50.0 % below the threshold 80.0 % on All items (1 unit), raised 2030-01-20 10:00 UTC.',
    );
  });

  it('describes a cell with its number, why it is undefined, or that nothing was compared, and its flags', () => {
    const report = fixtureReport();
    const [ana, bo] = heatRows(report.annotators, heatSlices(report));
    expect(cellDescription({ name: 'Ana', cell: ana!.cells[1]! })).toMatch(/^Ana on hard: Cohen’s κ = 0\.31, 95 % CI \[0\.05, 0\.52\], on 14 units.* Flagged: Agreement 0\.31 below/);
    expect(cellDescription({ name: 'Bo', cell: bo!.cells[2]! })).toMatch(/^Bo on easy: Cohen’s κ: undefined .*every rating was the same label/);
    expect(cellDescription({ name: 'Bo', cell: bo!.cells[1]! })).toBe('Bo on hard: no annotations compared in this window.');
  });

  it('describes a cell against the consensus when that is shown', () => {
    const report = fixtureReport();
    const [ana] = heatRows(report.annotators, heatSlices(report));
    expect(ana!.cells[1]!.vsConsensus?.value).toBe(0.35);
    expect(cellDescription({ name: 'Ana', cell: ana!.cells[1]!, show: 'vsConsensus' })).toMatch(/^Ana on hard, against the consensus: Cohen’s κ = 0\.35/);
  });
});
