import { describe, expect, it } from 'vitest';
import { scoreAgainstGold } from './gold.ts';
import type { Observation } from './types.ts';

const choice = (value: string): Observation => ({ field: 'judgement.choice', unit: '', kind: 'nominal', value });
const strength = (value: number): Observation => ({ field: 'judgement.strength', unit: '', kind: 'ordinal', value, scale: { min: 1, max: 4 } });
const score = (unit: string, value: number): Observation => ({ field: 'scores.accuracy', unit, kind: 'ordinal', value, scale: { min: 1, max: 7 } });

describe('scoreAgainstGold', () => {
  it('[O11] nominal exact, ordinal by distance on the scale, mean over gold fields; missing units count 0', () => {
    const gold = [choice('r1'), strength(3), score('r1', 7), score('r2', 1)];
    const answer = [choice('r1'), strength(4), score('r1', 4)];
    // choice 1; strength 1 − 1/3 = 2/3; scores (1 − 3/6 + 0 for the missing r2) / 2 = 1/4; mean (1 + 2/3 + 1/4) / 3 = 23/36.
    const result = scoreAgainstGold(answer, gold);
    expect(Object.keys(result.fields)).toEqual(['judgement.choice', 'judgement.strength', 'scores.accuracy']);
    expect(result.fields['judgement.choice']).toBe(1);
    expect(result.fields['judgement.strength']).toBeCloseTo(2 / 3, 12);
    expect(result.fields['scores.accuracy']).toBeCloseTo(0.25, 12);
    expect(result.score).toBeCloseTo(23 / 36, 12);
  });

  it('[O11] a gold answer with no scored field scores null; the rationale and fields gold lacks are not scored', () => {
    const rationale: Observation = { field: 'rationale', unit: '', kind: 'text', value: 'because' };
    expect(scoreAgainstGold([choice('r1')], [])).toEqual({ score: null, fields: {} });
    expect(scoreAgainstGold([choice('r1'), rationale], [rationale])).toEqual({ score: null, fields: {} });
    expect(scoreAgainstGold([choice('r2'), strength(2)], [choice('r2')])).toEqual({ score: 1, fields: { 'judgement.choice': 1 } });
  });

  it('[O11] rankings: (tau-b + 1) / 2 over the responses both ranked', () => {
    const gold: Observation = { field: 'judgement.ranking', unit: '', kind: 'ranking', value: { r1: 1, r2: 2, r3: 3 } };
    const same: Observation = { ...gold };
    const reversed: Observation = { field: 'judgement.ranking', unit: '', kind: 'ranking', value: { r1: 3, r2: 2, r3: 1 } };
    // tau-b of [1,2,3] vs [1,3,2]: 2 concordant, 1 discordant of 3 → 1/3; (1/3 + 1) / 2 = 2/3.
    const swapped: Observation = { field: 'judgement.ranking', unit: '', kind: 'ranking', value: { r1: 1, r2: 3, r3: 2 } };
    expect(scoreAgainstGold([same], [gold]).score).toBe(1);
    expect(scoreAgainstGold([reversed], [gold]).score).toBe(0);
    expect(scoreAgainstGold([swapped], [gold]).score).toBeCloseTo(2 / 3, 12);
  });

  it('[O11] regions: F1 at IoU 0.5 where only boxes of the same label match', () => {
    const gold: Observation = {
      field: 'regions',
      unit: '',
      kind: 'regions',
      value: [
        { x: 0, y: 0, w: 10, h: 10, label: 'person' },
        { x: 50, y: 50, w: 10, h: 10, label: 'animal' },
      ],
    };
    // The person box matches (IoU 81/100 … ≥ 0.5); the animal box is drawn in the right place with the wrong label; a third box is extra.
    const answer: Observation = {
      field: 'regions',
      unit: '',
      kind: 'regions',
      value: [
        { x: 1, y: 1, w: 10, h: 10, label: 'person' },
        { x: 50, y: 50, w: 10, h: 10, label: 'vehicle' },
        { x: 90, y: 90, w: 5, h: 5, label: 'person' },
      ],
    };
    // 1 matched pair: F1 = 2·1 / (2 + 3) = 0.4.
    expect(scoreAgainstGold([answer], [gold]).fields).toEqual({ regions: 0.4 });
  });

  it('[O11] texts: VQA answers exact after normalising; other texts by symmetric chrF', () => {
    const vqa = (value: string): Observation => ({ field: 'vqa.answer', unit: 'what colour is it', kind: 'text', value });
    const caption = (value: string): Observation => ({ field: 'caption', unit: '', kind: 'text', value });
    expect(scoreAgainstGold([vqa('Brown.')], [vqa('brown')]).score).toBe(1);
    expect(scoreAgainstGold([vqa('black')], [vqa('brown')]).score).toBe(0);
    expect(scoreAgainstGold([caption('A dog on grass')], [caption('A dog on grass')]).score).toBe(1);
    const near = scoreAgainstGold([caption('A dog sits on the grass')], [caption('A dog on grass')]).score ?? 0;
    expect(near).toBeGreaterThan(0.2);
    expect(near).toBeLessThan(1);
    expect(scoreAgainstGold([caption('zzz')], [caption('A dog on grass')]).score).toBe(0);
  });

  it('[O11] a value of another kind matches nothing', () => {
    expect(scoreAgainstGold([{ field: 'judgement.choice', unit: '', kind: 'text', value: 'r1' }], [choice('r1')]).score).toBe(0);
  });
});
