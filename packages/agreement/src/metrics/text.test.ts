import { describe, expect, it } from 'vitest';
import { chrF, chrFSymmetric } from './chrf.ts';
import { seededRandom } from './random.ts';
import { editSimilarity, levenshtein } from './text.ts';

function randomText(random: () => number, alphabet: string, max: number): string {
  const chars = Array.from(alphabet);
  return Array.from({ length: Math.floor(random() * max) }, () => chars[Math.floor(random() * chars.length)]).join('');
}

describe('text', () => {
  it('[M7] Levenshtein counts code points: an emoji is one character', () => {
    expect(levenshtein('a😀b', 'ab')).toBe(1);
    expect(levenshtein('😀', '😃')).toBe(1);
    expect(editSimilarity('😀x', '😀y')).toBe(0.5);
    expect(levenshtein('', 'abc')).toBe(3);
    expect(levenshtein('flaw', 'lawn')).toBe(2);
  });

  it('[M7] edit similarity: identical 1 (two empty texts included), nothing in common 0', () => {
    expect(editSimilarity('', '')).toBe(1);
    expect(editSimilarity('abc', 'abc')).toBe(1);
    expect(editSimilarity('abc', '')).toBe(0);
    expect(editSimilarity('abc', 'xyz')).toBe(0);
  });

  it('[M7] properties: symmetric, triangle inequality, similarity in [0, 1]', () => {
    const random = seededRandom('lev');
    for (let trial = 0; trial < 200; trial++) {
      const [a, b, c] = [0, 1, 2].map(() => randomText(random, 'ab😀c', 9)) as [string, string, string];
      expect(levenshtein(a, b)).toBe(levenshtein(b, a));
      expect(levenshtein(a, c)).toBeLessThanOrEqual(levenshtein(a, b) + levenshtein(b, c));
      const s = editSimilarity(a, b);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });

  it('[M8] chrF by hand: "a" against "abc" averages over the one order both have: F2 = 5/13', () => {
    // n = 1: precision 1/1, recall 1/3; longer orders do not exist in the hypothesis.
    expect(chrF('a', 'abc')).toBeCloseTo(5 / 13, 12);
    // beta 1 is the harmonic mean of 1 and 1/3.
    expect(chrF('a', 'abc', { beta: 1 })).toBeCloseTo(0.5, 12);
  });

  it('[M8] chrF by hand with two orders: "ab" against "abc"', () => {
    // n = 1: P 2/2, R 2/3; n = 2: P 1/1, R 1/2. Averages P 1, R 7/12; F2 = 5 * (7/12) / (4 + 7/12).
    const recall = 7 / 12;
    expect(chrF('ab', 'abc')).toBeCloseTo((5 * recall) / (4 + recall), 12);
  });

  it('[M8] chrF ignores whitespace, scores identical texts 1, an empty side 0, and is asymmetric', () => {
    expect(chrF('the cat', 'thecat')).toBe(1);
    expect(chrF('', ' ')).toBe(1);
    expect(chrF('', 'abc')).toBe(0);
    expect(chrF('abc', '')).toBe(0);
    expect(chrF('xyz', 'abc')).toBe(0);
    expect(chrF('a', 'abc')).not.toBeCloseTo(chrF('abc', 'a'), 3);
  });

  it('[M8] chrFSymmetric is the mean of both directions and symmetric', () => {
    const random = seededRandom('chrf');
    for (let trial = 0; trial < 100; trial++) {
      const a = randomText(random, 'ab c😀', 14);
      const b = randomText(random, 'ab c😀', 14);
      const s = chrFSymmetric(a, b);
      expect(s).toBeCloseTo((chrF(a, b) + chrF(b, a)) / 2, 12);
      expect(chrFSymmetric(b, a)).toBeCloseTo(s, 12);
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
    }
  });
});
