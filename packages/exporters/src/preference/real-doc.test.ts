import { defaultConfig, initDocument, readDoc, setChoice, setJudgementMode, setRanking, setScore } from '@concord/annotation-doc';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { createMemorySink, fromList } from '../common/memory-sink.ts';
import { llavaFormatter } from '../instruction/llava.ts';
import { medium, provenance } from '../instruction/fixtures.ts';
import type { ExportItem } from '../types.ts';
import { trlDpoFormatter } from './trl-dpo.ts';
import { trlKtoFormatter } from './trl-kto.ts';

function exportItem(doc: Y.Doc, itemId: string, taskType: 'instruction' | 'preference', media: ExportItem['media'] = {}): ExportItem {
  return { itemId, externalId: itemId, split: 'train', tags: [], gold: false, annotation: readDoc(doc), media, config: defaultConfig(taskType), provenance: provenance('ann_3') };
}

async function rows(formatter: typeof trlDpoFormatter, item: ExportItem): Promise<Record<string, unknown>[]> {
  const sink = createMemorySink();
  await formatter.write(fromList([item]), sink, { provenance: false });
  return (sink.files.get('train/data.jsonl') ?? sink.files.get('train/data.json') ?? '')
    .trimEnd()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line.replace(/,$/, '')) as Record<string, unknown>);
}

describe('formatters on real documents (initDocument + mutations + readDoc)', () => {
  it('[P2][P6] a ranking with a tie written through the mutations gives its untied pairs, ranks and scores', async () => {
    const doc = new Y.Doc();
    initDocument(doc, {
      taskType: 'preference',
      itemId: 'itm_real',
      configVersion: 1,
      seed: { taskType: 'preference', prompt: { text: 'Best haiku?', media: [] }, responses: ['m1', 'm2', 'm3'].map((modelId) => ({ modelId, text: `by ${modelId}` })) },
    });
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('not a preference doc');
    const [a, b, c] = view.responses.map((r) => r.id) as [string, string, string];
    setJudgementMode(doc, 'ranking');
    setRanking(doc, [[c], [a, b]]);
    setScore(doc, c, 'accuracy', 7);
    const item = exportItem(doc, 'itm_real', 'preference');
    const dpo = await rows(trlDpoFormatter, item);
    expect(dpo.map((r) => [r.chosen, r.rejected, r.chosen_rank, r.rejected_rank, r.margin])).toEqual([
      ['by m3', 'by m1', 1, 2, 1],
      ['by m3', 'by m2', 1, 2, 1],
    ]);
    expect(dpo[0]?.chosen_scores).toEqual({ accuracy: 7 });
    const kto = await rows(trlKtoFormatter, item);
    expect(kto.map((r) => [r.completion, r.label])).toEqual([
      ['by m3', true],
      ['by m1', false],
      ['by m2', false],
    ]);
  });

  it('[P1][P3] a pairwise choice with a strength', async () => {
    const doc = new Y.Doc();
    initDocument(doc, {
      taskType: 'preference',
      itemId: 'itm_pw',
      configVersion: 1,
      seed: { taskType: 'preference', prompt: { text: 'Hi?', media: [] }, responses: [{ modelId: 'x', text: 'hello' }, { modelId: 'y', text: 'go away' }] },
    });
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('not a preference doc');
    setJudgementMode(doc, 'pairwise');
    setChoice(doc, view.responses[0]?.id ?? null, 'significantly_better');
    const dpo = await rows(trlDpoFormatter, exportItem(doc, 'itm_pw', 'preference'));
    expect(dpo.map((r) => [r.prompt, r.chosen, r.rejected, r.margin, r.strength])).toEqual([['Hi?', 'hello', 'go away', 3, 'significantly_better']]);
  });

  it('[I1][I3][I5] an instruction document from a seed becomes a LLaVA row', async () => {
    const doc = new Y.Doc();
    initDocument(doc, {
      taskType: 'instruction',
      itemId: 'itm_ins',
      configVersion: 1,
      seed: {
        taskType: 'instruction',
        media: [{ kind: 'image', mediaId: 'med_r', width: 10, height: 10 }],
        turns: [
          { role: 'system', text: 'Terse.' },
          { role: 'user', text: 'What?', media: ['med_r'] },
          { role: 'assistant', text: 'A square.' },
        ],
      },
    });
    const llava = await rows(llavaFormatter, exportItem(doc, 'itm_ins', 'instruction', { med_r: medium('med_r', 'image/png') }));
    expect(llava).toEqual([
      { id: 'itm_ins', image: 'images/med_r.png', conversations: [{ from: 'human', value: '<image>\nTerse.\n\nWhat?' }, { from: 'gpt', value: 'A square.' }] },
    ]);
  });
});
