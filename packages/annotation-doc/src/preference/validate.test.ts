import { describe, expect, it } from 'vitest';
import { defaultConfig, type ProjectConfig } from '../config.ts';
import { responseLetter, viewerResponseLabels } from '../display-order.ts';
import { validate } from '../validate.ts';
import type { PreferenceDoc } from './read.ts';

const base: ProjectConfig = {
  ...defaultConfig('preference'),
  rubric: [{ id: 'accuracy', name: 'Accuracy', description: '', min: 1, max: 7, step: 1 }],
  minRationaleLength: 10,
};

function preferenceDoc(overrides: Partial<PreferenceDoc> = {}): PreferenceDoc {
  return {
    taskType: 'preference',
    meta: { schemaVersion: 1, itemId: 'i', configVersion: 1 },
    prompt: { text: 'Hi', media: [] },
    responses: [
      { id: 'ra', modelId: 'm1', text: 'Hello there' },
      { id: 'rb', modelId: 'm2', text: 'Hey' },
      { id: 'rc', modelId: 'm3', text: 'Yo' },
    ],
    judgement: { mode: 'ranking', choice: null, strength: null, ranks: { ra: 1, rb: 2, rc: 2 }, ranking: [['ra'], ['rb', 'rc']] },
    scores: { ra: { accuracy: 7 }, rb: { accuracy: 4 }, rc: { accuracy: 1 } },
    rationale: 'A is the friendliest.',
    quotes: [{ id: 'q1', responseId: 'ra', start: 0, end: 5, text: 'Hello' }],
    ...overrides,
  };
}

function pairwise(overrides: Partial<PreferenceDoc['judgement']>): PreferenceDoc {
  const doc = preferenceDoc();
  return {
    ...doc,
    responses: doc.responses.slice(0, 2),
    scores: { ra: { accuracy: 7 }, rb: { accuracy: 4 } },
    judgement: { mode: 'pairwise', choice: 'ra', strength: 'better', ranks: {}, ranking: [], ...overrides },
  };
}

describe('validate preference documents', () => {
  it('passes a complete ranking (ties allowed) and a complete pairwise choice', () => {
    expect(validate(preferenceDoc(), base)).toEqual([]);
    expect(validate(pairwise({}), base)).toEqual([]);
  });

  it('reports unranked responses and ranks with gaps at judgement.ranking', () => {
    const doc = preferenceDoc({ judgement: { ...preferenceDoc().judgement, ranks: { ra: 1, rc: 3 } } });
    expect(validate(doc, base)).toEqual([
      { path: 'judgement.ranking', message: 'response 2 is not ranked' },
      { path: 'judgement.ranking', message: 'ranks must run from 1 without gaps (ties share a rank), but they are 1 and 3' },
    ]);
    const none = preferenceDoc({ judgement: { ...preferenceDoc().judgement, ranks: {} } });
    expect(validate(none, base)).toEqual([{ path: 'judgement.ranking', message: 'responses 1, 2 and 3 are not ranked' }]);
  });

  it('uses the project mode when the document has none', () => {
    const doc = pairwise({ mode: null, choice: null });
    expect(validate(doc, { ...base, preferenceMode: 'pairwise' })).toEqual([{ path: 'judgement.choice', message: 'choose the better response' }]);
  });

  it('reports a missing or unknown pairwise choice and a missing strength', () => {
    expect(validate(pairwise({ choice: 'zz', strength: null }), base)).toEqual([
      { path: 'judgement.choice', message: 'the chosen response is not one of this item’s responses' },
      { path: 'judgement.strength', message: 'say how much better the chosen response is' },
    ]);
  });

  it('reports a pairwise choice on an item without exactly 2 responses', () => {
    const doc = preferenceDoc({ judgement: { ...preferenceDoc().judgement, mode: 'pairwise', choice: 'ra', strength: 'better' } });
    expect(validate(doc, base)).toEqual([
      { path: 'judgement.mode', message: 'a pairwise choice needs exactly 2 responses, but this item has 3: rank them instead' },
    ]);
  });

  it('reports scores off the scale or off the step, and unknown criteria', () => {
    const doc = preferenceDoc({ scores: { ra: { accuracy: 9, tone: 3 }, rb: { accuracy: 2.5 }, rc: { accuracy: 1 } } });
    expect(validate(doc, base)).toEqual([
      { path: 'scores.ra:accuracy', message: 'Accuracy must be between 1 and 7 (got 9) for response 1' },
      { path: 'scores.ra:tone', message: `"tone" is not a criterion of this project's rubric` },
      { path: 'scores.rb:accuracy', message: 'Accuracy goes in steps of 1 from 1 (got 2.5) for response 2' },
    ]);
  });

  it('reports missing scores only when requireAllScores', () => {
    const doc = preferenceDoc({ scores: { ra: { accuracy: 7 } } });
    expect(validate(doc, base)).toEqual([
      { path: 'scores.rb:accuracy', message: 'score response 2 on Accuracy' },
      { path: 'scores.rc:accuracy', message: 'score response 3 on Accuracy' },
    ]);
    expect(validate(doc, { ...base, requireAllScores: false })).toEqual([]);
  });

  it('[A6] names responses by the letters the viewer sees, never by the canonical order', () => {
    const doc = preferenceDoc({ scores: {}, judgement: { mode: 'ranking', choice: null, strength: null, ranks: {}, ranking: [] } });
    for (const userId of ['usr_a', 'usr_b', 'usr_c', 'usr_d']) {
      const viewer = { userId, documentId: 'doc_1' };
      const letters = viewerResponseLabels(['ra', 'rb', 'rc'], viewer);
      const problems = validate(doc, base, { viewer });
      expect(problems).toContainEqual({ path: 'judgement.ranking', message: 'responses A, B and C are not ranked' });
      expect(problems).toContainEqual({ path: 'scores.rb:accuracy', message: `score response ${letters.get('rb')} on Accuracy` });
      expect(problems.some((p) => /response \d/.test(p.message))).toBe(false);
    }
    expect([0, 1, 25, 26, 27].map(responseLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB']);
  });

  it('reports a rationale shorter than minRationaleLength', () => {
    expect(validate(preferenceDoc({ rationale: '  too short ' }), { ...base, minRationaleLength: 20 })).toEqual([
      { path: 'rationale', message: 'write at least 20 characters of rationale (9 so far)' },
    ]);
  });

  it('reports quotes whose words are gone or empty', () => {
    const doc = preferenceDoc({
      quotes: [
        { id: 'q1', responseId: 'ra', start: -1, end: -1, text: '' },
        { id: 'q2', responseId: 'rb', start: 1, end: 1, text: '' },
      ],
    });
    expect(validate(doc, base)).toEqual([
      { path: 'quotes.q1', message: 'the words of quote 1 are no longer in response 1' },
      { path: 'quotes.q2', message: 'quote 2 covers no words' },
    ]);
  });

  it('reports required fields', () => {
    expect(validate(preferenceDoc({ rationale: '' }), { ...base, minRationaleLength: 0, requiredFields: ['rationale'] })).toEqual([
      { path: 'rationale', message: 'rationale is required' },
    ]);
  });
});
