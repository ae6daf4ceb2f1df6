import { initDocument, readDoc, type PreferenceDoc } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { applyRanking, chooseResponse, chooseStrength, rankResponse, switchToRanking } from './judgement-actions.ts';

function preferenceDoc(responses = 2, prelabel?: Parameters<typeof initDocument>[1]['prelabel']): { doc: Y.Doc; ids: string[] } {
  const doc = new Y.Doc();
  initDocument(doc, {
    taskType: 'preference',
    itemId: 'itm_1',
    configVersion: 1,
    seed: {
      taskType: 'preference',
      prompt: { text: 'Why is the sky blue?', media: [] },
      responses: Array.from({ length: responses }, (_, i) => ({ modelId: `model-${i}`, text: `Answer ${i}` })),
    },
    prelabel,
  });
  return { doc, ids: view(doc).responses.map((r) => r.id) };
}

function view(doc: Y.Doc): PreferenceDoc {
  const read = readDoc(doc);
  if (read.taskType !== 'preference') throw new Error('not a preference document');
  return read;
}

describe('judgement actions', () => {
  it('pairwise: a choice by id and a strength, each one transaction that also records the mode', () => {
    const { doc, ids } = preferenceDoc();
    let transactions = 0;
    doc.on('afterTransaction', () => transactions++);
    chooseResponse(doc, ids[1]!);
    chooseStrength(doc, 'slightly_better');
    expect(transactions).toBe(2);
    expect(view(doc).judgement).toMatchObject({ mode: 'pairwise', choice: ids[1], strength: 'slightly_better' });
    chooseResponse(doc, null);
    expect(view(doc).judgement.choice).toBeNull();
  });

  it('a person overriding the model pre-label keeps the canonical ids', () => {
    const { doc, ids } = preferenceDoc(2, { modelId: 'judge-1', mode: 'pairwise', choice: 0, strength: 'better', rationale: 'A is right.' });
    expect(view(doc).judgement.choice).toBe(ids[0]);
    chooseResponse(doc, ids[1]!);
    expect(view(doc).judgement).toMatchObject({ choice: ids[1], strength: 'better' });
  });

  it('ranking: single ranks tie on equal numbers; a whole ranking closes the gaps', () => {
    const { doc, ids } = preferenceDoc(3);
    const [a, b, c] = ids as [string, string, string];
    rankResponse(doc, b, 1);
    rankResponse(doc, a, 3);
    expect(view(doc).judgement).toMatchObject({ mode: 'ranking', ranks: { [b]: 1, [a]: 3 } });
    applyRanking(doc, [[b], [a, c]]);
    expect(view(doc).judgement.ranks).toEqual({ [b]: 1, [a]: 2, [c]: 2 });
    rankResponse(doc, c, null);
    expect(view(doc).judgement.ranks).toEqual({ [b]: 1, [a]: 2 });
  });

  it('switching to ranking keeps the pairwise answer but changes the mode', () => {
    const { doc, ids } = preferenceDoc(3);
    chooseResponse(doc, ids[0]!);
    switchToRanking(doc);
    expect(view(doc).judgement).toMatchObject({ mode: 'ranking', choice: ids[0] });
  });
});
