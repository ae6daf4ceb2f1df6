import type { Observation } from '@concord/agreement';
import { describe, expect, it } from 'vitest';
import { liveAgreement, pairwiseCounts } from './agreement.ts';
import { calibrationResults } from './results.ts';

const choice = (value: string): Observation => ({ field: 'judgement.choice', unit: '', kind: 'nominal', value });
const score = (value: number): Observation => ({ field: 'scores.accuracy', unit: 'r1', kind: 'ordinal', value });
const caption = (value: string): Observation => ({ field: 'caption', unit: '', kind: 'text', value });

describe('live agreement and results', () => {
  it('[C5] counts every pair of answers on each compared unit; text is left out', () => {
    const answers = [
      { userId: 'a', observations: [choice('r1'), score(5), caption('x')] },
      { userId: 'b', observations: [choice('r1'), score(4), caption('x')] },
      { userId: 'c', observations: [choice('r2')] },
    ];
    expect(pairwiseCounts(answers)).toEqual({ equal: 1, compared: 4, units: 2, raters: 3 });
    expect(pairwiseCounts(answers, 'c')).toEqual({ equal: 0, compared: 2, units: 1, raters: 3 });
    // Per unit: the choice 1 of 3 pairs, the score 0 of 1; the mean of the two.
    expect(liveAgreement(answers)).toMatchObject({ metric: 'percent_agreement', units: 2, raters: 3 });
    expect(liveAgreement(answers).value).toBeCloseTo(1 / 6);
  });

  it('[C5] rankings agree when every response has the same rank, whatever the key order', () => {
    const rank = (value: Record<string, number>): Observation => ({ field: 'judgement.ranking', unit: '', kind: 'ranking', value });
    const same = [
      { userId: 'a', observations: [rank({ r1: 1, r2: 2 })] },
      { userId: 'b', observations: [rank({ r2: 2, r1: 1 })] },
    ];
    expect(liveAgreement(same).value).toBe(1);
    expect(pairwiseCounts(same)).toMatchObject({ equal: 1, compared: 1 });
    expect(liveAgreement([same[0]!, { userId: 'c', observations: [rank({ r1: 2, r2: 1 })] }]).value).toBe(0);
  });

  it('[C5] is undefined (null), never 0 or 1, with fewer than two answers on any unit', () => {
    expect(liveAgreement([{ userId: 'a', observations: [choice('r1')] }]).value).toBeNull();
    expect(liveAgreement([{ userId: 'a', observations: [choice('r1')] }, { userId: 'b', observations: [caption('y')] }]).value).toBeNull();
  });

  it('[C7] passes on gold accuracy when the session has gold; needs an answered item', () => {
    const participants = [
      { userId: 'a', name: 'Ann' },
      { userId: 'b', name: 'Ben' },
      { userId: 'c', name: 'Cy' },
    ];
    const answers = [
      { itemId: 'i1', userId: 'a', observations: [choice('r1')], goldScore: 1 },
      { itemId: 'i1', userId: 'b', observations: [choice('r2')], goldScore: 0 },
      { itemId: 'i2', userId: 'a', observations: [choice('r1')], goldScore: 0.5 },
      { itemId: 'i2', userId: 'b', observations: [choice('r1')], goldScore: null },
    ];
    const results = calibrationResults({ participants, answers, passThreshold: 0.7, agreementThreshold: 0.75, sessionHasGold: true });
    expect(results).toEqual([
      { userId: 'a', name: 'Ann', items: 2, agreement: 0.5, accuracy: 0.75, passed: true, clearedFlags: [] },
      { userId: 'b', name: 'Ben', items: 2, agreement: 0.5, accuracy: 0, passed: false, clearedFlags: [] },
      { userId: 'c', name: 'Cy', items: 0, agreement: null, accuracy: null, passed: false, clearedFlags: [] },
    ]);
  });

  it('[C7] without gold, agreement with the others decides', () => {
    const participants = [
      { userId: 'a', name: 'Ann' },
      { userId: 'b', name: 'Ben' },
    ];
    const answers = [
      { itemId: 'i1', userId: 'a', observations: [choice('r1')], goldScore: null },
      { itemId: 'i1', userId: 'b', observations: [choice('r1')], goldScore: null },
    ];
    expect(calibrationResults({ participants, answers, passThreshold: 0.9, agreementThreshold: 0.75, sessionHasGold: false }).map((r) => r.passed)).toEqual([true, true]);
    expect(calibrationResults({ participants, answers, passThreshold: 0.9, agreementThreshold: 1.01, sessionHasGold: false }).map((r) => r.passed)).toEqual([false, false]);
  });
});
