import { defaultConfig, type AlignmentDoc, type InstructionDoc, type PreferenceDoc } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { differingPaths, mergeRows, touches, versionRows } from './version-rows.ts';

const meta = { schemaVersion: 1, itemId: 'itm_1', configVersion: 1 };
const preference = (choice: string | null, strength: PreferenceDoc['judgement']['strength'], rationale: string): PreferenceDoc => ({
  taskType: 'preference',
  meta,
  prompt: { text: 'Which is kinder?', media: [] },
  responses: [{ id: 'r1', modelId: 'm1', text: 'Kind' }, { id: 'r2', modelId: 'm2', text: 'Rude' }],
  judgement: { mode: 'pairwise', choice, strength, ranks: {}, ranking: [] },
  scores: { r1: { accuracy: 6 } },
  rationale,
  quotes: [],
});
const responseName = (id: string) => ({ r1: 'response B', r2: 'response A' })[id];

describe('versionRows', () => {
  it('shows a preference judgement by the reader’s letters, with scores and the rationale', () => {
    const rows = versionRows(preference('r1', 'better', 'Kinder.'), { config: defaultConfig('preference'), responseName });
    expect(rows.map((r) => [r.path, r.label, r.value])).toEqual([
      ['judgement.mode', 'Judgement mode', 'pairwise'],
      ['judgement.choice', 'Better response', 'response B'],
      ['judgement.strength', 'How much better', 'better'],
      ['scores.r1:accuracy', 'Accuracy of response B', '6'],
      ['rationale', 'Rationale', '“Kinder.”'],
    ]);
  });

  it('shows instruction turns and alignment regions readably', () => {
    const instruction: InstructionDoc = {
      taskType: 'instruction', meta, media: [], instruction: { style: 'concise' }, transcript: [], summary: '',
      turns: [{ id: 't1', role: 'user', text: 'Hi', media: [] }, { id: 't2', role: 'assistant', text: 'Hello!', media: [] }],
    };
    expect(versionRows(instruction).map((r) => `${r.label}: ${r.value}`)).toEqual(['Instruction style: concise', 'Turn 1 (user): “Hi”', 'Turn 2 (assistant): “Hello!”']);
    const alignment: AlignmentDoc = {
      taskType: 'alignment', meta, image: null, caption: 'A dog', descriptions: [], vqa: [],
      regions: [{ id: 'g1', label: 'animal', shape: { kind: 'box', x: 1, y: 2, w: 30, h: 40 }, order: 0 }],
      links: [{ id: 'l1', regionId: 'g1', start: 2, end: 5, text: 'dog', order: 0 }],
    };
    expect(versionRows(alignment, { config: defaultConfig('alignment') }).map((r) => `${r.label}: ${r.value}`)).toEqual([
      'Caption: “A dog”',
      'Region: Animal: box at 1, 2 · 30 × 40',
      'Link “dog”: → Animal',
    ]);
  });
});

describe('comparing versions', () => {
  it('merges the rows of all versions and finds where they differ', () => {
    const a = preference('r1', 'better', 'Kinder.');
    const b = preference('r2', 'better', 'Kinder.');
    const rows = mergeRows([versionRows(a), versionRows({ ...b, quotes: [{ id: 'q1', responseId: 'r2', start: 0, end: 4, text: 'Rude' }] })]);
    expect(rows.map((r) => r.path)).toEqual(['judgement.mode', 'judgement.choice', 'judgement.strength', 'scores.r1:accuracy', 'rationale', 'quotes.q1']);
    const differ = differingPaths([a, b, null]);
    expect([...differ]).toEqual(['judgement.choice']);
    expect(touches('judgement.choice', differ)).toBe(true);
    expect(touches('judgement.strength', differ)).toBe(false);
    expect(touches('turns.t1', ['turns.t1.text'])).toBe(true);
    expect(touches('judgement.ranking', ['judgement'])).toBe(true);
    expect(touches('rationale', [''])).toBe(false);
  });
});
