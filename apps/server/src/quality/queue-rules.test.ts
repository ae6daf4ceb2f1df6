import { describe, expect, it } from 'vitest';
import { goldDraw } from './queue-rules.ts';

describe('gold in the queue [G2]', () => {
  it('[G2] the draw is seeded by user and claim count: the same inputs give the same answer', () => {
    const draws = Array.from({ length: 50 }, (_, claims) => goldDraw({ userId: 'usr_a', claims, ratePercent: 30 }));
    expect(Array.from({ length: 50 }, (_, claims) => goldDraw({ userId: 'usr_a', claims, ratePercent: 30 }))).toEqual(draws);
    expect(Array.from({ length: 50 }, (_, claims) => goldDraw({ userId: 'usr_b', claims, ratePercent: 30 }))).not.toEqual(draws);
  });

  it('[G2] serves gold at about the rate asked for, never at 0 % and always at 100 %', () => {
    const share = (rate: number) => Array.from({ length: 2000 }, (_, claims) => goldDraw({ userId: 'usr_c', claims, ratePercent: rate })).filter(Boolean).length / 2000;
    expect(share(0)).toBe(0);
    expect(share(100)).toBe(1);
    expect(share(10)).toBeGreaterThan(0.07);
    expect(share(10)).toBeLessThan(0.13);
  });
});
