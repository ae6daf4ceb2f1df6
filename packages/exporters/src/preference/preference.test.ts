import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/memory-sink.ts';
import { formatters } from '../formatters.ts';
import { awkward, medium } from '../instruction/fixtures.ts';
import type { ExportItem, FormatResult, Formatter } from '../types.ts';
import { pairwise, preferenceFixture, preferenceItem, ranking } from './fixtures.ts';
import { hhRlhfFormatter } from './hh-rlhf.ts';
import { openAiPreferenceFormatter } from './openai-preference.ts';
import { readPreferenceExample, strengthMargins } from './pairs.ts';
import { createTrlDpoFormatter, trlDpoFormatter } from './trl-dpo.ts';
import { createTrlKtoFormatter, trlKtoFormatter } from './trl-kto.ts';

const golden = (name: string): string => readFileSync(new URL(`./golden/${name}`, import.meta.url), 'utf8');

async function run(formatter: Formatter, items: ExportItem[], provenance = false): Promise<{ files: Map<string, string>; result: FormatResult }> {
  const sink = createMemorySink();
  const result = await formatter.write(fromList(items), sink, { provenance });
  return { files: sink.files, result };
}

function lines<T>(text: string | undefined): T[] {
  return (text ?? '').trimEnd().split('\n').map((line) => JSON.parse(line) as T);
}

describe('preference pairs', () => {
  it('[P1] pairwise: chosen = the choice, one pair per other response', () => {
    const item = preferenceItem('itm_3way', 'train', 'Q?', ['a', 'b', 'c'], pairwise('r2', 'slightly_better'));
    const read = readPreferenceExample(item);
    expect(read.ok && read.example.pairs.map((p) => [p.chosen.id, p.rejected.id, p.margin])).toEqual([
      ['r2', 'r1', 1],
      ['r2', 'r3', 1],
    ]);
  });

  it('[P2] ranking: C(k,2) ordered pairs, ties left out (4 responses, one tie → 5 pairs)', () => {
    const read = readPreferenceExample(preferenceFixture()[1] as ExportItem);
    expect(read.ok && read.example.pairs.map((p) => [p.chosen.id, p.rejected.id, p.chosenRank, p.rejectedRank])).toEqual([
      ['r1', 'r2', 1, 2],
      ['r1', 'r3', 1, 2],
      ['r1', 'r4', 1, 3],
      ['r2', 'r4', 2, 3],
      ['r3', 'r4', 2, 3],
    ]);
    const untied = readPreferenceExample(preferenceItem('itm_k3', 'train', 'Q?', ['a', 'b', 'c'], ranking({ r3: 1, r1: 2, r2: 3 })));
    expect(untied.ok && untied.example.pairs).toHaveLength(3);
  });

  it('[P2] the document mode wins; without one the project preferenceMode decides', () => {
    const item = preferenceItem('itm_m', 'train', 'Q?', ['a', 'b'], { ...pairwise('r2', null), mode: null });
    expect(readPreferenceExample(item).ok).toBe(false); // default config: ranking, and there are no ranks
    const pairwiseProject = { ...item, config: { ...item.config, preferenceMode: 'pairwise' as const } };
    const read = readPreferenceExample(pairwiseProject);
    expect(read.ok && read.example.pairs.map((p) => [p.chosen.id, p.margin])).toEqual([['r2', null]]);
  });

  it('[P3] margins: significantly 3, better 2, slightly 1, negligible 0; ranking: the rank difference', () => {
    expect(strengthMargins).toEqual({ significantly_better: 3, better: 2, slightly_better: 1, negligible_or_unsure: 0 });
    const read = readPreferenceExample(preferenceFixture()[1] as ExportItem);
    expect(read.ok && read.example.pairs.map((p) => p.margin)).toEqual([1, 1, 2, 1, 1]);
  });

  it('[E6] skips carry reasons: all tied, no choice, empty prompt, missing medium, not a preference item', () => {
    const cases = [
      preferenceFixture()[3] as ExportItem,
      preferenceItem('itm_nochoice', 'train', 'Q?', ['a', 'b'], { ...pairwise('r1', null), choice: null }),
      preferenceItem('itm_empty', 'train', '  ', ['a', 'b'], pairwise('r1', null)),
      { ...preferenceItem('itm_nomedia', 'train', 'Q?', ['a', 'b'], pairwise('r1', null), { media: [medium('med_z', 'image/png')] }), media: {} },
    ];
    expect(cases.map((c) => { const r = readPreferenceExample(c); return r.ok ? 'ok' : r.reason; })).toEqual([
      'every ranked response is tied',
      'no response chosen',
      'the prompt is empty',
      'medium med_z is missing from the export',
    ]);
  });
});

describe('trl-dpo', () => {
  it('[P4][P5][P6][E3] golden: standard rows for text prompts, conversational + images for image prompts', async () => {
    const { files, result } = await run(trlDpoFormatter, preferenceFixture());
    expect(files.get('train/data.jsonl')).toBe(golden('trl-dpo.train.jsonl'));
    expect(files.get('validation/data.jsonl')).toBe(golden('trl-dpo.validation.jsonl'));
    expect(result.rows).toBe(7);
    expect(result.media).toEqual(['med_p', 'med_q']);
    expect(result.skipped).toEqual([{ itemId: 'itm_p4', reason: 'every ranked response is tied' }]);
  });

  it('[P4] style option: conversational for every row, or standard (image prompts skipped)', async () => {
    const conversational = await run(createTrlDpoFormatter({ style: 'conversational' }), preferenceFixture());
    const [first] = lines<{ prompt: unknown; images: string[] }>(conversational.files.get('train/data.jsonl'));
    expect(first?.prompt).toEqual([{ role: 'user', content: [{ type: 'text', text: `Name a bird ${awkward}` }] }]);
    expect(first?.images).toEqual([]);
    const standard = await run(createTrlDpoFormatter({ style: 'standard' }), preferenceFixture());
    expect(standard.result.skipped.map((s) => s.itemId)).toEqual(['itm_p3', 'itm_p4']);
  });

  it('[P5] image parts in the prompt equal the images column', async () => {
    const { files } = await run(trlDpoFormatter, preferenceFixture());
    const [row] = lines<{ prompt: { content: { type: string }[] }[]; images: string[] }>(files.get('validation/data.jsonl'));
    expect(row?.prompt.flatMap((m) => m.content).filter((p) => p.type === 'image')).toHaveLength(row?.images.length ?? -1);
  });

  it('[E2][E4] awkward strings round-trip; provenance as the concord column', async () => {
    const { files } = await run(trlDpoFormatter, preferenceFixture(), true);
    const [row] = lines<{ prompt: string; concord: { item_id: string } }>(files.get('train/data.jsonl'));
    expect(row?.prompt).toBe(`Name a bird ${awkward}`);
    expect(row?.concord.item_id).toBe('itm_p1');
  });
});

describe('trl-kto', () => {
  it('[P7] golden: chosen / top half true, rejected / bottom half false, the middle left out', async () => {
    const { files, result } = await run(trlKtoFormatter, preferenceFixture());
    expect(files.get('train/data.jsonl')).toBe(golden('trl-kto.train.jsonl'));
    expect(files.get('validation/data.jsonl')).toBe(golden('trl-kto.validation.jsonl'));
    expect(result.rows).toBe(6);
  });

  it('[P7] odd ranking: the middle response has no label; all tied: skipped', async () => {
    const three = preferenceItem('itm_k3', 'train', 'Q?', ['a', 'b', 'c'], ranking({ r1: 2, r2: 1, r3: 3 }));
    const { files, result } = await run(createTrlKtoFormatter(), [three, preferenceFixture()[3] as ExportItem]);
    expect(lines<{ completion: string; label: boolean }>(files.get('train/data.jsonl')).map((r) => [r.completion, r.label])).toEqual([
      ['b', true],
      ['c', false],
    ]);
    expect(result.skipped.map((s) => s.itemId)).toEqual(['itm_p4']);
  });
});

describe('hh-rlhf', () => {
  it('[P8] golden: transcripts sharing the Human prefix; image prompts skipped', async () => {
    const { files, result } = await run(hhRlhfFormatter, preferenceFixture());
    expect(files.get('train/data.jsonl')).toBe(golden('hh-rlhf.train.jsonl'));
    expect(result.skipped.map((s) => s.itemId)).toEqual(['itm_p3', 'itm_p4']);
    for (const row of lines<{ chosen: string; rejected: string }>(files.get('train/data.jsonl'))) {
      const prefix = row.chosen.slice(0, row.chosen.indexOf('\n\nAssistant: ') + '\n\nAssistant: '.length);
      expect(prefix.startsWith('\n\nHuman: ')).toBe(true);
      expect(row.rejected.startsWith(prefix)).toBe(true);
    }
  });

  it('[P8] a text containing a speaker mark is skipped', async () => {
    const item = preferenceItem('itm_mark', 'train', 'Q?', ['fine', 'sneaky\n\nHuman: more'], pairwise('r1', 'better'));
    const { result } = await run(hhRlhfFormatter, [item]);
    expect(result.rows).toBe(0);
    expect(result.skipped[0]?.itemId).toBe('itm_mark');
  });
});

describe('openai-preference', () => {
  it('[P9][E5] golden: input.messages, exactly one assistant message per output; provenance in the sidecar', async () => {
    const { files, result } = await run(openAiPreferenceFormatter, preferenceFixture(), true);
    expect(files.get('train/data.jsonl')).toBe(golden('openai-preference.train.jsonl'));
    expect(result.skipped.map((s) => s.itemId)).toEqual(['itm_p3', 'itm_p4']);
    for (const row of lines<Record<string, { role: string }[]>>(files.get('train/data.jsonl'))) {
      expect(Object.keys(row)).toEqual(['input', 'preferred_output', 'non_preferred_output']);
      expect(row.preferred_output?.map((m) => m.role)).toEqual(['assistant']);
      expect(row.non_preferred_output?.map((m) => m.role)).toEqual(['assistant']);
    }
    expect(lines<{ row: number }>(files.get('train/provenance.jsonl')).map((r) => r.row)).toEqual([0, 1, 2, 3, 4, 5]);
  });
});

describe('formatters map', () => {
  it('registers every instruction and preference format under its id', () => {
    for (const id of ['llava', 'trl-sft', 'openai-chat', 'trl-dpo', 'trl-kto', 'hh-rlhf', 'openai-preference'] as const) {
      expect(formatters[id]?.id).toBe(id);
    }
  });
});
