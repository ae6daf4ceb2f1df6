import { addQuote, displayOrder, setChoice, setJudgementMode, setRanking, setScore } from '@concord/annotation-doc';
import { describe, expect, it } from 'vitest';
import { observe } from './observe.ts';
import { preferenceConfig, preferenceItem, responseIds, viewOf } from './test-docs.ts';

const pairwise = preferenceConfig('pairwise');
const ranking = preferenceConfig('ranking');

describe('observe: preference', () => {
  it('[O1] an annotation without a judgement, score or rationale observes nothing (missing is not disagreement)', () => {
    const doc = preferenceItem('i1', ['short', 'a longer answer']);
    expect(observe(viewOf(doc), { config: pairwise }).observations).toEqual([]);
  });

  it('[O1] responses are named by canonical position, so copies built separately from the same seed compare', () => {
    const [a, b] = [preferenceItem('i1', ['x', 'yy']), preferenceItem('i1', ['x', 'yy'])];
    const [idA, idB] = [responseIds(a)[1], responseIds(b)[1]];
    expect(idA).not.toBe(idB);
    setChoice(a, idA ?? null, 'better');
    setChoice(b, idB ?? null, 'better');
    expect(observe(viewOf(a), { config: pairwise }).observations).toEqual(observe(viewOf(b), { config: pairwise }).observations);
  });

  it('[O2] [O3] pairwise: choice nominal, strength 1..4, and the signed preference for the first response', () => {
    const doc = preferenceItem('i1', ['short', 'a longer answer']);
    const [first, second] = responseIds(doc);
    setChoice(doc, second ?? null, 'significantly_better');
    expect(observe(viewOf(doc), { config: pairwise }).observations).toEqual([
      { field: 'judgement.choice', unit: '', kind: 'nominal', value: 'r2' },
      { field: 'judgement.strength', unit: '', kind: 'ordinal', value: 4, scale: { min: 1, max: 4 } },
      { field: 'judgement.preference', unit: '', kind: 'ordinal', value: -3, scale: { min: -3, max: 3 } },
    ]);
    setChoice(doc, first ?? null, 'slightly_better');
    const preference = observe(viewOf(doc), { config: pairwise }).observations.find((o) => o.field === 'judgement.preference');
    expect(preference?.value).toBe(1);
    setChoice(doc, second ?? null, 'negligible_or_unsure');
    const unsure = observe(viewOf(doc), { config: pairwise }).observations;
    expect(unsure.find((o) => o.field === 'judgement.preference')?.value).toBe(0);
    expect(unsure.find((o) => o.field === 'judgement.strength')?.value).toBe(1);
  });

  it('[O2] [O3] a choice without strength is a choice only; with three responses there is no signed scale', () => {
    const two = preferenceItem('i1', ['a', 'b']);
    setChoice(two, responseIds(two)[0] ?? null);
    expect(observe(viewOf(two), { config: pairwise }).observations.map((o) => o.field)).toEqual(['judgement.choice']);
    const three = preferenceItem('i2', ['a', 'b', 'c']);
    setChoice(three, responseIds(three)[2] ?? null, 'better');
    expect(observe(viewOf(three), { config: pairwise }).observations).toEqual([
      { field: 'judgement.choice', unit: '', kind: 'nominal', value: 'r3' },
      { field: 'judgement.strength', unit: '', kind: 'ordinal', value: 3, scale: { min: 1, max: 4 } },
    ]);
  });

  it('[O4] ranking: ranks by canonical key, and the top response when unique', () => {
    const doc = preferenceItem('i1', ['a', 'b', 'c']);
    const [a, b, c] = responseIds(doc) as [string, string, string];
    setRanking(doc, [[b], [a, c]]);
    expect(observe(viewOf(doc), { config: ranking }).observations).toEqual([
      { field: 'judgement.ranking', unit: '', kind: 'ranking', value: { r1: 2, r2: 1, r3: 2 } },
      { field: 'judgement.top', unit: '', kind: 'nominal', value: 'r2' },
    ]);
    setRanking(doc, [[a, b], [c]]);
    expect(observe(viewOf(doc), { config: ranking }).observations.map((o) => o.field)).toEqual(['judgement.ranking']);
  });

  it("[O4] the document's own mode wins over the project's; a single ranked response is not a ranking", () => {
    const doc = preferenceItem('i1', ['a', 'b']);
    const [a, b] = responseIds(doc) as [string, string];
    setRanking(doc, [[a]]);
    expect(observe(viewOf(doc), { config: ranking }).observations).toEqual([]);
    setRanking(doc, [[a], [b]]);
    setJudgementMode(doc, 'ranking');
    expect(observe(viewOf(doc), { config: pairwise }).observations[0]?.field).toBe('judgement.ranking');
  });

  it('[O5] [O6] rubric scores per response on the criterion scale (configured criteria only), and the rationale', () => {
    const doc = preferenceItem('i1', ['alpha beta', 'gamma']);
    const [a, b] = responseIds(doc) as [string, string];
    setScore(doc, a, 'accuracy', 6);
    setScore(doc, b, 'accuracy', 2);
    setScore(doc, b, 'unknown', 5);
    addQuote(doc, { responseId: a, start: 0, end: 5 });
    expect(observe(viewOf(doc), { config: ranking }).observations).toEqual([
      { field: 'scores.accuracy', unit: 'r1', kind: 'ordinal', value: 6, scale: { min: 1, max: 7 } },
      { field: 'scores.accuracy', unit: 'r2', kind: 'ordinal', value: 2, scale: { min: 1, max: 7 } },
      { field: 'rationale', unit: '', kind: 'text', value: '“alpha”' },
    ]);
  });

  it('[O7] signals: the response shown first, the choice, tie, and whether the longer one was chosen', () => {
    const doc = preferenceItem('i1', ['short', 'a longer answer']);
    const [first, second] = responseIds(doc) as [string, string];
    setChoice(doc, second, 'better');
    expect(observe(viewOf(doc), { config: pairwise, shownOrder: [second, first] }).signals).toEqual({
      shownFirst: 'r2',
      chosen: 'r2',
      tie: false,
      chosenLonger: true,
    });
    setChoice(doc, first, 'negligible_or_unsure');
    const shown = displayOrder([first, second], 'user-1doc-1');
    expect(observe(viewOf(doc), { config: pairwise, shownOrder: shown }).signals).toEqual({
      shownFirst: shown[0] === first ? 'r1' : 'r2',
      chosen: 'r1',
      tie: true,
      chosenLonger: false,
    });
  });

  it('[O7] signals without a display order or a choice; equal lengths; a tie for the top rank', () => {
    const doc = preferenceItem('i1', ['same', 'size']);
    expect(observe(viewOf(doc), { config: pairwise }).signals).toEqual({ shownFirst: null, chosen: null, tie: false, chosenLonger: null });
    const [a, b] = responseIds(doc) as [string, string];
    setChoice(doc, a, 'better');
    expect(observe(viewOf(doc), { config: pairwise }).signals?.chosenLonger).toBeNull();
    setJudgementMode(doc, 'ranking');
    setRanking(doc, [[a, b]]);
    expect(observe(viewOf(doc), { config: pairwise }).signals).toEqual({ shownFirst: null, chosen: null, tie: true, chosenLonger: null });
  });
});
