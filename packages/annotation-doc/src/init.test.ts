import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildItemUpdate, initDocument } from './init.ts';
import { readDoc } from './read.ts';
import { taskTypeOf } from './layout.ts';

describe('initDocument', () => {
  it('writes an alignment item with its pre-label', () => {
    const doc = new Y.Doc();
    initDocument(doc, {
      taskType: 'alignment',
      itemId: 'item-1',
      configVersion: 2,
      seed: { taskType: 'alignment', image: { mediaId: 'med_a', width: 640, height: 480 } },
      prelabel: {
        modelId: 'vlm',
        caption: 'A dog on a sofa',
        regions: [{ ref: 'dog', label: 'animal', shape: { kind: 'box', x: 1, y: 2, w: 30, h: 40 } }],
        links: [{ start: 2, end: 5, region: 'dog' }],
        vqa: [{ question: 'What animal?', answer: 'A dog', evidence: ['0'] }],
      },
    });
    expect(taskTypeOf(doc)).toBe('alignment');
    const view = readDoc(doc);
    if (view.taskType !== 'alignment') throw new Error('wrong type');
    expect(view.meta).toEqual({ schemaVersion: 1, itemId: 'item-1', configVersion: 2 });
    expect(view.image).toEqual({ mediaId: 'med_a', width: 640, height: 480 });
    expect(view.caption).toBe('A dog on a sofa');
    expect(view.regions).toHaveLength(1);
    const region = view.regions[0];
    expect(view.links).toEqual([expect.objectContaining({ regionId: region?.id, start: 2, end: 5, text: 'dog' })]);
    expect(view.vqa[0]?.evidence).toEqual([region?.id]);
  });

  it('builds a preference item from several client ids', () => {
    const update = buildItemUpdate({
      taskType: 'preference',
      itemId: 'i',
      configVersion: 1,
      seed: { taskType: 'preference', prompt: { text: 'Hi?', media: [] }, responses: [{ modelId: 'a', text: 'Hello' }, { modelId: 'b', text: 'Hey' }] },
      prelabel: { modelId: 'judge', choice: 1, strength: 'better', mode: 'pairwise' },
      sourceClientId: 10,
      modelClientIds: { a: 11, b: 12, judge: 13 },
    });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, update);
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('wrong type');
    expect(view.responses.map((r) => r.text)).toEqual(['Hello', 'Hey']);
    expect(view.judgement).toMatchObject({ mode: 'pairwise', choice: view.responses[1]?.id, strength: 'better' });
  });
});
