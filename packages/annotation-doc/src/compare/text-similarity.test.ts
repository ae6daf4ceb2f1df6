import { describe, expect, it } from 'vitest';
import { maxDistanceCells, textSimilarity } from './text-similarity.ts';

describe('textSimilarity', () => {
  it('[D14] is 1 − Levenshtein distance / longer length, on whitespace-collapsed text', () => {
    expect(textSimilarity('', '')).toBe(1);
    expect(textSimilarity('kitten', 'sitting')).toBeCloseTo(1 - 3 / 7, 12);
    expect(textSimilarity(' a  b\n', 'a b')).toBe(1);
    expect(textSimilarity('abc', '')).toBe(0);
    expect(textSimilarity('Same', 'same')).toBe(0.75);
  });

  it('[D14] beyond the cap, counts the differing middle as changed: never more alike than exactly', () => {
    const side = Math.ceil(Math.sqrt(maxDistanceCells)) + 10;
    const a = `start ${'ab'.repeat(side)} end`;
    const b = `start ${'ba'.repeat(side)} end`;
    const started = performance.now();
    const similarity = textSimilarity(a, b);
    expect(performance.now() - started).toBeLessThan(500);
    // The exact distance is 2 (one character out at each end of the middle); the bound counts it all.
    expect(similarity).toBeLessThan(0.2);
  });
});
