import { describe, expect, it } from 'vitest';
import type { ExportItem } from '../types.ts';
import { toJson } from './json.ts';
import { createMemorySink } from './memory-sink.ts';
import { createSplitOutput, splitPath } from './output.ts';
import { concordColumn } from './provenance.ts';
import { createJsonlWriter, writeJsonArray } from './writers.ts';

function item(itemId: string, split: ExportItem['split']): ExportItem {
  return {
    itemId,
    externalId: `ext-${itemId}`,
    split,
    tags: [],
    gold: false,
    annotation: { taskType: 'instruction', meta: { schemaVersion: 1, itemId, configVersion: 2 }, media: [], turns: [], instruction: { style: null }, transcript: [], summary: '' },
    media: {},
    config: {} as ExportItem['config'],
    provenance: {
      annotators: ['ann_b', 'ann_a'],
      configVersion: 2,
      reviewOutcome: 'accepted',
      agreement: 0.75,
      fields: {
        'turns/2/text': { kind: 'model_then_human_edited', modelId: 'gpt-x', authors: ['u1'], editedBy: ['u1'] } as never,
        'turns/1/text': { kind: 'human_written', authors: ['u1'], editedBy: ['u1'] } as never,
      },
    },
  };
}

describe('common streaming helpers', () => {
  it('[E1] JSONL: one row per line, each line parses back', async () => {
    const sink = createMemorySink();
    const writer = createJsonlWriter(sink.open('a.jsonl'));
    await writer.write({ a: 1 });
    await writer.write({ b: 'x\ny' });
    expect(writer.rows).toBe(2);
    await writer.close();
    const text = sink.files.get('a.jsonl') ?? '';
    expect(text).toBe('{"a":1}\n{"b":"x\\ny"}\n');
    expect(text.trimEnd().split('\n').map((line) => JSON.parse(line) as unknown)).toEqual([{ a: 1 }, { b: 'x\ny' }]);
  });

  it('[E1] JSON array: "[\\n" + rows joined by ",\\n" + "\\n]", and an empty array still parses', async () => {
    const sink = createMemorySink();
    const full = writeJsonArray(sink.open('full.json'));
    await full.write({ id: 1 });
    await full.write({ id: 2 });
    await full.close();
    const empty = writeJsonArray(sink.open('empty.json'));
    await empty.close();
    expect(sink.files.get('full.json')).toBe('[\n{"id":1},\n{"id":2}\n]\n');
    expect(JSON.parse(sink.files.get('full.json') ?? '')).toEqual([{ id: 1 }, { id: 2 }]);
    expect(JSON.parse(sink.files.get('empty.json') ?? '')).toEqual([]);
  });

  it('[E2] U+2028/U+2029 are escaped, emoji kept, lone surrogates escaped by JSON.stringify; all round-trip', () => {
    const awkward = 'a\u2028b\u2029c 😀 \ud800 end \udfff';
    const text = toJson({ s: awkward });
    expect(text).not.toMatch(/[\u2028\u2029]/);
    expect(text).toContain('\\u2028');
    expect(text).toContain('\\u2029');
    expect(text).toContain('😀');
    expect(text).toContain('\\ud800');
    expect(text).toContain('\\udfff');
    // The text is well-formed (no raw lone surrogate), so it survives a UTF-8 round trip.
    expect(Buffer.from(text, 'utf8').toString('utf8')).toBe(text);
    expect((JSON.parse(text) as { s: string }).s).toBe(awkward);
  });

  it('[E3] one file per split, named <split>/<name>, opened only when the split has rows', async () => {
    const sink = createMemorySink();
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options: { provenance: false } });
    await out.add(item('itm_1', 'train'), { n: 1 });
    await out.add(item('itm_2', 'test'), { n: 2 });
    await out.add(item('itm_3', 'train'), { n: 3 });
    const result = await out.finish();
    expect(splitPath('validation', 'data.jsonl')).toBe('validation/data.jsonl');
    expect(result.files).toEqual(['train/data.jsonl', 'test/data.jsonl']);
    expect(result.rows).toBe(3);
    expect(sink.files.get('train/data.jsonl')).toBe('{"n":1}\n{"n":3}\n');
    expect(sink.files.get('test/data.jsonl')).toBe('{"n":2}\n');
  });

  it('[E4] provenance column: a `concord` object per row with snake_case keys and sorted fields', async () => {
    expect(concordColumn(item('itm_1', 'train'))).toEqual({
      item_id: 'itm_1',
      external_id: 'ext-itm_1',
      annotators: ['ann_b', 'ann_a'],
      config_version: 2,
      review_outcome: 'accepted',
      agreement: 0.75,
      fields: { 'turns/1/text': { kind: 'human_written' }, 'turns/2/text': { kind: 'model_then_human_edited', model_id: 'gpt-x' } },
    });
    expect(Object.keys(concordColumn(item('itm_1', 'train')).fields)).toEqual(['turns/1/text', 'turns/2/text']);
    const sink = createMemorySink();
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'column', options: { provenance: true } });
    await out.add(item('itm_1', 'train'), { n: 1 });
    await out.finish();
    expect(JSON.parse(sink.files.get('train/data.jsonl') ?? '')).toEqual({ n: 1, concord: concordColumn(item('itm_1', 'train')) });
  });

  it('[E5] strict formats: rows stay clean, provenance goes to <split>/provenance.jsonl keyed by row index', async () => {
    const sink = createMemorySink();
    const out = createSplitOutput({ sink, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'sidecar', options: { provenance: true } });
    await out.add(item('itm_1', 'train'), { n: 1 });
    await out.add(item('itm_2', 'validation'), { n: 2 });
    await out.add(item('itm_3', 'train'), { n: 3 });
    const result = await out.finish();
    expect(sink.files.get('train/data.jsonl')).toBe('{"n":1}\n{"n":3}\n');
    const sidecar = (sink.files.get('train/provenance.jsonl') ?? '').trimEnd().split('\n').map((l) => JSON.parse(l) as { row: number; concord: { item_id: string } });
    expect(sidecar.map((r) => [r.row, r.concord.item_id])).toEqual([[0, 'itm_1'], [1, 'itm_3']]);
    expect(result.files.sort()).toEqual(['train/data.jsonl', 'train/provenance.jsonl', 'validation/data.jsonl', 'validation/provenance.jsonl']);
    const off = createMemorySink();
    const quiet = createSplitOutput({ sink: off, name: 'data.jsonl', layout: 'jsonl', provenanceStyle: 'sidecar', options: { provenance: false } });
    await quiet.add(item('itm_1', 'train'), { n: 1 });
    await quiet.finish();
    expect([...off.files.keys()]).toEqual(['train/data.jsonl']);
  });

  it('[E6] a skip is recorded with its reason and writes nothing; media are deduplicated', async () => {
    const sink = createMemorySink();
    const out = createSplitOutput({ sink, name: 'data.json', layout: 'array', provenanceStyle: 'column', options: { provenance: false } });
    out.skip(item('itm_9', 'train'), 'no turns');
    out.useMedia(['med_a', 'med_b']);
    out.useMedia(['med_a']);
    const result = await out.finish();
    expect(result).toEqual({ rows: 0, rowsBySplit: { train: 0, validation: 0, test: 0 }, files: [], skipped: [{ itemId: 'itm_9', reason: 'no turns' }], media: ['med_a', 'med_b'] });
    expect(sink.files.size).toBe(0);
  });
});
