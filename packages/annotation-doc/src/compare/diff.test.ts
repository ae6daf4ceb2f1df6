import type * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { captionText } from '../alignment/layout.ts';
import { addDescription, addLink, addRegion, addVqa, removeRegion, setVqaEvidence, updateRegion } from '../alignment/mutations.ts';
import { turnText } from '../instruction/layout.ts';
import { addSegment, addTurn, moveTurn, setInstructionStyle, setTurnRole } from '../instruction/mutations.ts';
import type { InstructionDoc } from '../instruction/read.ts';
import { rationaleText } from '../preference/layout.ts';
import { addQuote, setChoice, setRanking, setScore } from '../preference/mutations.ts';
import type { PreferenceDoc } from '../preference/read.ts';
import { readDoc } from '../read.ts';
import { createDoc, replicaOf } from '../testing/fixtures.ts';
import { diffAnnotations } from './diff.ts';
import { mergeOrder } from './values.ts';

/** The diff from `base` to a replica of it changed by `edit`. */
function diffAfter(base: Y.Doc, edit: (doc: Y.Doc) => void) {
  const changed = replicaOf(base);
  edit(changed);
  return diffAnnotations(readDoc(base), readDoc(changed));
}

const summary = (diffs: ReturnType<typeof diffAnnotations>) => diffs.map((d) => `${d.kind} ${d.path}`);

describe('diffAnnotations', () => {
  it('[C1] equal documents have no differences; documents of different task types are refused', () => {
    const doc = createDoc('alignment');
    expect(diffAnnotations(readDoc(doc), readDoc(replicaOf(doc)))).toEqual([]);
    expect(() => diffAnnotations(readDoc(doc), readDoc(createDoc('preference')))).toThrow(TypeError);
  });

  it('[C1] instruction: turns by id (added, role, text, order), style, transcript, summary', () => {
    const base = createDoc('instruction');
    addTurn(base, { id: 'reply00000001', role: 'assistant', text: 'A cat.' });
    addTurn(base, { id: 'reply00000002', role: 'user', text: 'And?' });
    const userTurn = (readDoc(base) as InstructionDoc).turns[0]?.id;
    const diffs = diffAfter(base, (doc) => {
      turnText(doc, 'reply00000001')?.insert(6, ' On a mat.');
      setTurnRole(doc, 'reply00000002', 'system');
      moveTurn(doc, 'reply00000002', 0);
      addTurn(doc, { id: 'reply00000003', role: 'assistant', text: 'More.' });
      setInstructionStyle(doc, 'question');
      addSegment(doc, { id: 'segment00001', start: 0, end: 1, text: 'hi' });
    });
    expect(summary(diffs)).toEqual([
      'changed turns.reply00000002.role',
      'changed turns.reply00000001.text',
      'added turns.reply00000003',
      'changed turns',
      'added instruction.style',
      'added transcript.segment00001',
    ]);
    expect(diffs[1]).toEqual({ path: 'turns.reply00000001.text', kind: 'changed', before: 'A cat.', after: 'A cat. On a mat.' });
    expect(diffs[3]?.after).toEqual(['reply00000002', userTurn, 'reply00000001', 'reply00000003']);
  });

  it('[C1] preference: judgement fields, ranks as stored, scores by response then criterion, rationale, quotes', () => {
    const base = createDoc('preference');
    const [r1, r2] = (readDoc(base) as PreferenceDoc).responses.map((r) => r.id) as [string, string];
    setScore(base, r2, 'accuracy', 3);
    setScore(base, r1, 'accuracy', 5);
    const diffs = diffAfter(base, (doc) => {
      setChoice(doc, r1, 'better');
      setRanking(doc, [[r2], [r1]]);
      setScore(doc, r2, 'accuracy', null);
      setScore(doc, r1, 'helpfulness', 6);
      setScore(doc, r1, 'accuracy', 4);
      addQuote(doc, { id: 'quote0000001', responseId: r1, start: 0, end: 6 });
    });
    expect(summary(diffs)).toEqual([
      'added judgement.choice',
      'added judgement.strength',
      'changed judgement.ranking',
      `changed scores.${r1}:accuracy`,
      `added scores.${r1}:helpfulness`,
      `removed scores.${r2}:accuracy`,
      'changed rationale',
      'added quotes.quote0000001',
    ]);
    expect(diffs[2]).toMatchObject({ before: {}, after: { [r2]: 1, [r1]: 2 } });
    expect(diffs.at(-1)?.after).toEqual({ id: 'quote0000001', responseId: r1, start: 0, end: 6, text: 'Plants' });
  });

  it('[C1] alignment: caption, regions by id (label, shape), links, VQA, descriptions', () => {
    const base = createDoc('alignment');
    addRegion(base, { id: 'region000001', label: 'vehicle', shape: { kind: 'box', x: 1, y: 1, w: 5, h: 5 } });
    addRegion(base, { id: 'region000002', label: 'person', shape: { kind: 'box', x: 9, y: 9, w: 5, h: 5 } });
    addVqa(base, { id: 'vqa000000001', question: 'Colour?', answer: 'red', evidence: ['region000001', 'region000002'] });
    addDescription(base, { id: 'desc00000001', regionId: 'region000002', text: 'A cyclist.' });
    const diffs = diffAfter(base, (doc) => {
      captionText(doc).insert(0, 'Look: ');
      updateRegion(doc, 'region000001', { label: 'object', shape: { kind: 'box', x: 2, y: 1, w: 5, h: 5 } });
      addLink(doc, { id: 'link00000001', regionId: 'region000001', start: 8, end: 11 });
      removeRegion(doc, 'region000002');
      addRegion(doc, { id: 'region000003', label: 'animal', shape: { kind: 'box', x: 20, y: 20, w: 5, h: 5 } });
    });
    expect(summary(diffs)).toEqual([
      'changed caption',
      'changed regions.region000001.label',
      'changed regions.region000001.shape',
      'removed regions.region000002',
      'added regions.region000003',
      'added links.link00000001',
      'changed vqa.vqa000000001.evidence',
    ]);
    expect(diffs[5]?.after).toEqual({ id: 'link00000001', regionId: 'region000001', start: 8, end: 11, text: 'red' });
  });

  it('[C2] VQA evidence is a set: its order is not a difference', () => {
    const base = createDoc('alignment');
    addVqa(base, { id: 'vqa000000001', evidence: ['a', 'b'] });
    expect(diffAfter(base, (doc) => setVqaEvidence(doc, 'vqa000000001', ['b', 'a']))).toEqual([]);
    const changed = diffAfter(base, (doc) => setVqaEvidence(doc, 'vqa000000001', ['b']));
    expect(changed).toEqual([{ path: 'vqa.vqa000000001.evidence', kind: 'changed', before: ['a', 'b'], after: ['b'] }]);
  });

  it('[C1] a text emptied is changed, not removed; a value unset is removed', () => {
    const base = createDoc('preference');
    rationaleText(base).insert(0, 'Because.');
    setChoice(base, (readDoc(base) as PreferenceDoc).responses[0]?.id ?? null);
    const diffs = diffAfter(base, (doc) => {
      rationaleText(doc).delete(0, 8);
      setChoice(doc, null);
    });
    expect(summary(diffs)).toEqual(['removed judgement.choice', 'changed rationale']);
  });

  it('[C1] removed records are listed where they were', () => {
    expect(mergeOrder(['a', 'b', 'c', 'd'], ['a', 'c', 'e'])).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(mergeOrder(['x', 'a'], ['a'])).toEqual(['x', 'a']);
  });
});
