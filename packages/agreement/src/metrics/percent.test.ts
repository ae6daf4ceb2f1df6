import { describe, expect, it } from 'vitest';
import { fleissKappaDetail, categoryCounts } from './fleiss.ts';
import { pairwisePercentAgreement, percentAgreement } from './percent.ts';

describe('percent agreement', () => {
  it('[M1] share of equal labels; 1 and "1" differ; no units is undefined', () => {
    expect(percentAgreement(['a', 'b', 'c'], ['a', 'b', 'x'])).toBeCloseTo(2 / 3, 12);
    expect(percentAgreement([1, 2], ['1', 2])).toBe(0.5);
    expect(percentAgreement([], [])).toBeNaN();
    expect(() => percentAgreement([1], [])).toThrow(/length/);
  });

  it('[M1] pairwise: mean over units with two or more ratings of the share of agreeing pairs', () => {
    expect(pairwisePercentAgreement([['a', 'a', 'b'], ['x', 'x'], ['z'], [null, 'q', undefined]])).toBeCloseTo((1 / 3 + 1) / 2, 12);
    expect(pairwisePercentAgreement([['a'], []])).toBeNaN();
  });

  it('[M1][M3] with equal rater counts it is Fleiss P-bar', () => {
    const units = [
      ['a', 'a', 'b', 'c'],
      ['b', 'b', 'b', 'b'],
      ['c', 'a', 'c', 'a'],
    ];
    expect(pairwisePercentAgreement(units)).toBeCloseTo(fleissKappaDetail(categoryCounts(units).counts).pBar, 12);
  });
});
