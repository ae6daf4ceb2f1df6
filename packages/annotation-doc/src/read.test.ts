import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readDoc } from './read.ts';
import { createDoc } from './testing/fixtures.ts';

describe('readDoc', () => {
  it('[A2] reads values a misbehaving peer stored in the wrong shape as null or skips them', () => {
    const doc = createDoc('alignment');
    doc.getArray('vqa').push(['not a map', 42]);
    doc.getMap('regions').set('r1', new Y.Map<unknown>([['label', 7], ['shape', { kind: 'star' }]]));
    doc.getMap('regions').set('r2', 'not a map');
    doc.getMap('links').set('l1', new Y.Map<unknown>([['regionId', 'r1'], ['start', null], ['end', { item: 'x' }]]));
    const view = readDoc(doc);
    expect(view).toMatchObject({
      regions: [{ id: 'r1', label: '', shape: null, order: 0 }],
      links: [{ id: 'l1', regionId: 'r1', start: -1, end: -1, text: '' }],
      vqa: [],
    });
  });

  it('[A2] reads an instruction document with foreign values', () => {
    const doc = createDoc('instruction');
    doc.getArray('turns').push([new Y.Map<unknown>([['id', 't9'], ['role', 'robot'], ['pos', 99]])]);
    doc.getArray('media').push([{ kind: 'video', mediaId: 'med_v' }]);
    doc.getMap('instruction').set('style', 12);
    const view = readDoc(doc);
    if (view.taskType !== 'instruction') throw new Error('expected instruction');
    expect(view.turns[1]).toEqual({ id: 't9', role: null, text: '', media: [] });
    expect(view.media).toHaveLength(1);
    expect(view.instruction.style).toBeNull();
  });

  it('[A2] reads a preference document with foreign judgement values', () => {
    const doc = createDoc('preference');
    const judgement = doc.getMap('judgement');
    judgement.set('mode', 'vibes');
    judgement.set('choice', 3);
    judgement.set('rank:x', 0);
    doc.getMap('scores').set('nokey', 5);
    doc.getMap('scores').set('a:b', 'high');
    const view = readDoc(doc);
    if (view.taskType !== 'preference') throw new Error('expected preference');
    expect(view.judgement).toEqual({ mode: null, choice: null, strength: null, ranks: {}, ranking: [] });
    expect(view.scores).toEqual({});
  });

  it('gives the same JSON on replicas that received updates in different orders', () => {
    const a = createDoc('preference', { clientId: 1 });
    const b = new Y.Doc();
    const updates: Uint8Array[] = [];
    a.on('update', (update: Uint8Array) => updates.push(update));
    const judgement = a.getMap('judgement');
    judgement.set('rank:zz', 1);
    judgement.set('rank:aa', 2);
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a));
    const c = new Y.Doc();
    for (const update of [...updates].reverse()) Y.applyUpdate(c, update);
    Y.applyUpdate(c, Y.encodeStateAsUpdate(a));
    expect(JSON.stringify(readDoc(c))).toBe(JSON.stringify(readDoc(b)));
  });
});
