import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { buildItemUpdate, initDocument } from './init.ts';
import { readDoc } from './read.ts';
import { taskTypeOf } from './layout.ts';
import type { ItemSeed, Prelabel } from './seeds.ts';

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

describe('initDocument and buildItemUpdate errors', () => {
  const seed = { taskType: 'alignment', image: { mediaId: 'med_a', width: 64, height: 48 } } as const;

  it('refuses to initialise a document twice or with a seed of another type', () => {
    const doc = new Y.Doc();
    initDocument(doc, { taskType: 'alignment', itemId: 'i', configVersion: 1, seed });
    expect(() => initDocument(doc, { taskType: 'alignment', itemId: 'i', configVersion: 1, seed })).toThrow(/already initialised/);
    expect(() => initDocument(new Y.Doc(), { taskType: 'preference', itemId: 'i', configVersion: 1, seed })).toThrow(/cannot start/);
  });

  it('rejects pre-labels that refer to regions or responses that do not exist', () => {
    const prelabel = { modelId: 'm', caption: 'a dog', links: [{ start: 0, end: 1, region: 'cat' }] };
    expect(() => initDocument(new Y.Doc(), { taskType: 'alignment', itemId: 'i', configVersion: 1, seed, prelabel })).toThrow(/region "cat"/);
    const preference: ItemSeed = {
      taskType: 'preference',
      prompt: { text: 'p', media: [] },
      responses: [
        { modelId: 'a', text: 'x' },
        { modelId: 'b', text: 'y' },
      ],
    };
    expect(() =>
      initDocument(new Y.Doc(), { taskType: 'preference', itemId: 'i', configVersion: 1, seed: preference, prelabel: { modelId: 'j', choice: 2 } }),
    ).toThrow(RangeError);
  });

  it('needs a client id for every model', () => {
    const options = {
      taskType: 'alignment',
      itemId: 'i',
      configVersion: 1,
      seed,
      prelabel: { modelId: 'vlm', caption: 'x' },
      sourceClientId: 1,
      modelClientIds: { toString: 5 },
    } as const;
    expect(() => buildItemUpdate(options)).toThrow(/no Yjs client id for model vlm/);
  });

  it('takes ids from the given source', () => {
    let n = 0;
    const ids = () => `id${String(n++).padStart(10, '0')}`;
    const prelabel: Prelabel = { modelId: 'vlm', caption: 'a dog', regions: [{ label: 'animal', shape: { kind: 'box', x: 0, y: 0, w: 2, h: 2 } }] };
    const built = new Y.Doc();
    Y.applyUpdate(built, buildItemUpdate({ taskType: 'alignment', itemId: 'i', configVersion: 1, seed, prelabel, sourceClientId: 1, modelClientIds: { vlm: 2 } }, ids));
    const view = readDoc(built);
    expect(view).toMatchObject({ caption: 'a dog', regions: [{ id: 'id0000000000', label: 'animal' }] });
  });
});
