import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { addTurn, setInstructionStyle } from '../instruction/mutations.ts';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf } from '../testing/fixtures.ts';
import { findDisagreements, type DisagreementThresholds } from './disagreement.ts';

const base = createDoc('instruction');

/** A version of the seeded item (one user turn), edited by `edit`. */
function version(id: string, edit: (doc: Y.Doc) => void) {
  const doc = replicaOf(base);
  edit(doc);
  return { id, doc: readDoc(doc) };
}

const reply = (...texts: string[]) => (doc: Y.Doc) => {
  for (const text of texts) addTurn(doc, { role: 'assistant', text });
};
const find = (versions: ReturnType<typeof version>[], thresholds?: DisagreementThresholds) => findDisagreements('instruction', versions, thresholds);

describe('instruction disagreements', () => {
  it('[D12] different instruction styles disagree; a version without one takes no part', () => {
    const style = (s: string | null) => (doc: Y.Doc) => setInstructionStyle(doc, s);
    const found = find([version('a', style('question')), version('b', style('command')), version('c', style(null))]);
    expect(found).toEqual([expect.objectContaining({ field: 'instruction.style', kind: 'style', versions: ['a', 'b'], detail: { values: { a: 'question', b: 'command' } } })]);
    expect(find([version('a', style('question')), version('b', style('question'))])).toEqual([]);
  });

  it('[D13] conversations with different turn counts or roles disagree', () => {
    const found = find([version('a', reply('A cat.')), version('b', reply('A cat.', 'On a mat.'))]);
    expect(found).toEqual([
      expect.objectContaining({
        field: 'turns',
        kind: 'turns',
        versions: ['a', 'b'],
        message: 'the conversations have different turns (a: user, assistant; b: user, assistant, assistant)',
      }),
    ]);
    const roles = find([version('a', reply('A cat.')), version('b', (doc) => void addTurn(doc, { role: 'system', text: 'A cat.' }))]);
    expect(roles.map((d) => d.kind)).toEqual(['turns']);
  });

  it('[D14] assistant replies are compared by their place, ids aside, after collapsing whitespace', () => {
    expect(find([version('a', reply('A cat sits on a mat.')), version('b', reply('  A cat   sits on\na mat. '))])).toEqual([]);
    const found = find([version('a', reply('A cat sits on a mat.')), version('b', reply('Two dogs run in a park.'))]);
    expect(found).toEqual([expect.objectContaining({ kind: 'turn-text', versions: ['a', 'b'] })]);
    // Each annotator wrote their own turn: the field names the first version's.
    const turns = found[0]?.detail?.turns as Record<string, string>;
    expect(turns.a).not.toBe(turns.b);
    expect(found[0]?.field).toBe(`turns.${turns.a ?? ''}.text`);
  });

  it('[D14] similarity exactly at the threshold agrees; just below disagrees', () => {
    // Ten characters, two substituted: similarity 0.8 exactly; three: 0.7.
    expect(find([version('a', reply('abcdefghij')), version('b', reply('abcdefghXY'))])).toEqual([]);
    expect(find([version('a', reply('abcdefghij')), version('b', reply('abcdefgXYZ'))]).map((d) => d.detail?.similarity)).toEqual([0.7]);
    expect(find([version('a', reply('abcdefghij')), version('b', reply('abcdefgXYZ'))], { iou: 0.5, rubricDelta: 1, textSimilarity: 0.7 })).toEqual([]);
  });

  it('[D14] an empty reply is unfinished, not a disagreement', () => {
    expect(find([version('a', reply('A cat.')), version('b', reply('   '))])).toEqual([]);
  });

  it('[D14] with three versions, the reply disagreement lists the versions in differing pairs', () => {
    const found = find([version('a', reply('A cat sits on a mat.')), version('b', reply('A cat sits on a mat!')), version('c', reply('Nothing at all here.'))]);
    expect(found).toHaveLength(1);
    expect(found[0]?.versions).toEqual(['a', 'b', 'c']);
    expect(found[0]?.message).toMatch(/^assistant reply 1 differs between the versions \(similarity 0\.\d+, below 0\.8\)$/);
  });

  it('[D14] huge replies are compared in bounded time', () => {
    const words = (seed: number) => Array.from({ length: 20_000 }, (_, i) => ((i * seed) % 97).toString(36)).join(' ');
    const started = performance.now();
    const found = find([version('a', reply(words(7))), version('b', reply(words(11)))]);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(found.map((d) => d.kind)).toEqual(['turn-text']);
  });
});
