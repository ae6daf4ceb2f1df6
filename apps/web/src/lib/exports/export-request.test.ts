import { exportRequestSchema } from '@concord/protocol';
import { describe, expect, it } from 'vitest';
import { buildExportRequest, defaultExportForm, exportFormProblems } from './export-request.ts';
import { formatBytes, formatChoices, percentDone } from './format-info.ts';

describe('the export form', () => {
  it('starts valid: accepted items, 100 % train, media copied, provenance on — the schema defaults', () => {
    const built = buildExportRequest(defaultExportForm('trl-dpo'));
    expect(built).toEqual({ request: exportRequestSchema.parse({ format: 'trl-dpo' }) });
  });

  it('explains a split that does not add up to 1, and refuses to build', () => {
    const values = { ...defaultExportForm('coco'), train: 0.8, validation: 0.1, test: 0 };
    expect(exportFormProblems(values).splits).toBe('Train, validation and test must add up to 1 (now 0.9).');
    expect(buildExportRequest(values)).toEqual({ problems: { splits: 'Train, validation and test must add up to 1 (now 0.9).' } });
    expect(exportFormProblems({ ...values, test: -0.1, train: 1 }).splits).toBe('Each share must be a number between 0 and 1.');
    expect(exportFormProblems({ ...values, train: Number.NaN }).splits).toBe('Each share must be a number between 0 and 1.');
  });

  it('accepts 0.7 / 0.2 / 0.1 (not exactly 1 in floating point) and sends shares the schema takes', () => {
    const built = buildExportRequest({ ...defaultExportForm('coco'), train: 0.7, validation: 0.2, test: 0.1 });
    if (!('request' in built)) throw new Error('expected a request');
    const { train, validation, test } = built.request.splits;
    expect(train + validation + test).toBeCloseTo(1, 12);
    expect([train, validation, test].map((s) => Number(s.toFixed(6)))).toEqual([0.7, 0.2, 0.1]);
  });

  it('needs a format and a state; a reversed date range is a problem; days become inclusive UTC bounds', () => {
    expect(exportFormProblems({ ...defaultExportForm(null), states: [] })).toEqual({ format: 'Pick a format.', states: 'Pick at least one item state.' });
    expect(exportFormProblems({ ...defaultExportForm('vqa'), from: '2026-03-02', to: '2026-03-01' }).dates).toBe('The first day is after the last day.');
    const built = buildExportRequest({ ...defaultExportForm('vqa'), from: '2026-03-01', to: '2026-03-01', slices: ['ocr'], gold: 'exclude', media: 'url', provenance: false, states: ['accepted', 'validated'] });
    if (!('request' in built)) throw new Error('expected a request');
    expect(built.request).toMatchObject({
      filters: { from: '2026-03-01T00:00:00.000Z', to: '2026-03-01T23:59:59.999Z', slices: ['ocr'], gold: 'exclude', states: ['accepted', 'validated'] },
      media: 'url',
      provenance: false,
    });
  });
});

describe('format choices', () => {
  it('offers only the formats of the task type, each with the trainer that reads it', () => {
    expect(formatChoices('preference').map((f) => f.id)).toEqual(['trl-dpo', 'trl-kto', 'hh-rlhf', 'openai-preference']);
    expect(formatChoices('instruction').map((f) => f.id)).toEqual(['llava', 'trl-sft', 'openai-chat']);
    for (const choice of formatChoices('alignment')) expect(choice.reader.length).toBeGreaterThan(20);
  });

  it('shows sizes and progress as people read them', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MiB');
    expect(percentDone({ status: 'running', itemsTotal: 0, itemsDone: 0 })).toBe(0);
    expect(percentDone({ status: 'running', itemsTotal: 3, itemsDone: 2 })).toBe(66);
    expect(percentDone({ status: 'done', itemsTotal: 0, itemsDone: 0 })).toBe(100);
  });
});
