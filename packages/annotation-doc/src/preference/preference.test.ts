import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf, syncDocs } from '../testing/fixtures.ts';
import { promptText, rationaleText, responseText } from './layout.ts';
import { addQuote, removeQuote, setChoice, setJudgementMode, setRank, setRanking, setScore, setStrength } from './mutations.ts';
import type { PreferenceDoc } from './read.ts';

function read(doc: Y.Doc): PreferenceDoc {
  const view = readDoc(doc);
  if (view.taskType !== 'preference') throw new Error(`expected a preference document, got ${view.taskType}`);
  return view;
}

function ids(doc: Y.Doc): [string, string, string] {
  const [a, b, c] = read(doc).responses.map((r) => r.id);
  if (a === undefined || b === undefined || c === undefined) throw new Error('expected three responses');
  return [a, b, c];
}

describe('preference documents', () => {
  it('reads the prompt and the responses in canonical order', () => {
    const doc = createDoc('preference');
    const view = read(doc);
    expect(view.prompt).toEqual({ text: 'Explain photosynthesis in one sentence.', media: [] });
    expect(view.responses.map((r) => r.modelId)).toEqual(['model-a', 'model-b', 'model-c']);
    expect(view.judgement).toEqual({ mode: null, choice: null, strength: null, ranks: {}, ranking: [] });
    expect(promptText(doc)?.toString()).toBe(view.prompt.text);
    expect(responseText(doc, view.responses[1]?.id ?? '')?.toString()).toBe('It is how plants eat sunlight.');
    expect(responseText(doc, 'nope')).toBeNull();
  });

  it('records a pairwise choice with its strength', () => {
    const doc = createDoc('preference');
    const [a] = ids(doc);
    setJudgementMode(doc, 'pairwise');
    setChoice(doc, a, 'better');
    expect(read(doc).judgement).toMatchObject({ mode: 'pairwise', choice: a, strength: 'better' });
    setStrength(doc, 'slightly_better');
    expect(read(doc).judgement.strength).toBe('slightly_better');
    setChoice(doc, null);
    setStrength(doc, null);
    expect(read(doc).judgement).toMatchObject({ choice: null, strength: null });
  });

  it('ranks responses with ties, one at a time or all at once', () => {
    const doc = createDoc('preference');
    const [a, b, c] = ids(doc);
    setRank(doc, c, 1);
    setRank(doc, a, 2);
    setRank(doc, b, 2);
    expect(read(doc).judgement.ranks).toEqual({ [a]: 2, [b]: 2, [c]: 1 });
    expect(read(doc).judgement.ranking).toEqual([[c], [a, b]]);
    setRanking(doc, [[a, c], [b]]);
    expect(read(doc).judgement.ranking).toEqual([[a, c], [b]]);
    setRanking(doc, [[b]]);
    expect(read(doc).judgement.ranks).toEqual({ [b]: 1 });
    setRank(doc, b, null);
    expect(read(doc).judgement.ranking).toEqual([]);
    expect(() => setRank(doc, a, 0)).toThrow(RangeError);
    expect(() => setRank(doc, a, 1.5)).toThrow(RangeError);
  });

  it('scores responses per criterion', () => {
    const doc = createDoc('preference');
    const [a, b] = ids(doc);
    setScore(doc, a, 'accuracy', 6);
    setScore(doc, b, 'accuracy', 3);
    setScore(doc, a, 'helpfulness', 5);
    expect(read(doc).scores).toEqual({ [a]: { accuracy: 6, helpfulness: 5 }, [b]: { accuracy: 3 } });
    setScore(doc, a, 'accuracy', null);
    expect(read(doc).scores[a]).toEqual({ helpfulness: 5 });
    expect(() => setScore(doc, a, 'accuracy', Number.NaN)).toThrow(RangeError);
  });

  it('quotes a response and appends the quoted words to the rationale', () => {
    const doc = createDoc('preference');
    const [a] = ids(doc);
    rationaleText(doc).insert(0, 'A names the inputs:');
    const quote = addQuote(doc, { responseId: a, start: 19, end: 43 });
    expect(read(doc).quotes).toEqual([{ id: quote, responseId: a, start: 19, end: 43, text: 'water and carbon dioxide' }]);
    expect(read(doc).rationale).toBe('A names the inputs: “water and carbon dioxide”');
    removeQuote(doc, quote);
    expect(read(doc).quotes).toEqual([]);
    expect(read(doc).rationale).toContain('“water and carbon dioxide”');
    expect(() => addQuote(doc, { responseId: 'nope', start: 0, end: 1 })).toThrow(/no response/);
    expect(() => addQuote(doc, { responseId: a, start: 3, end: 2 })).toThrow(RangeError);
  });

  it('[A3] a quote stays on its words when the response is edited before it concurrently', () => {
    const a = createDoc('preference', { clientId: 1 });
    const b = replicaOf(a, 2);
    const [first] = ids(a);
    addQuote(a, { responseId: first, start: 19, end: 43 });
    responseText(b, first)?.insert(0, 'In short: ');
    syncDocs(a, b);
    for (const doc of [a, b]) expect(read(doc).quotes[0]).toMatchObject({ start: 29, end: 53, text: 'water and carbon dioxide' });
  });

  it('[A1] concurrent rankings converge to one value per response', () => {
    const a = createDoc('preference', { clientId: 1 });
    const b = replicaOf(a, 2);
    const [x, y, z] = ids(a);
    setRanking(a, [[x], [y], [z]]);
    setRanking(b, [[z], [x, y]]);
    syncDocs(a, b);
    expect(read(a)).toEqual(read(b));
    expect(Object.keys(read(a).judgement.ranks).sort()).toEqual([x, y, z].sort());
  });

  it('reads a pre-label written by a judge model', () => {
    const doc = createDoc('preference', {
      prelabel: { modelId: 'judge', mode: 'ranking', ranking: [1, 3, 2], scores: { accuracy: [7, 4, null] }, rationale: 'A is precise.' },
    });
    const [a, b, c] = ids(doc);
    const view = read(doc);
    expect(view.judgement).toMatchObject({ mode: 'ranking', ranking: [[a], [c], [b]] });
    expect(view.scores).toEqual({ [a]: { accuracy: 7 }, [b]: { accuracy: 4 } });
    expect(view.rationale).toBe('A is precise.');
  });
});
