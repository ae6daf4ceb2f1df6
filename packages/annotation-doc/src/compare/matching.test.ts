import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random.ts';
import { matchByWeight, maxOptimalSize } from './matching.ts';

const total = (weights: number[][], pairs: [number, number][]) => pairs.reduce((sum, [i, j]) => sum + (weights[i]?.[j] ?? 0), 0);

/** The best total weight over every assignment, by trying them all (small matrices only). */
function bruteForce(weights: number[][], row = 0, used = new Set<number>()): number {
  if (row === weights.length) return 0;
  let best = bruteForce(weights, row + 1, used);
  weights[row]?.forEach((w, j) => {
    if (used.has(j) || w <= 0) return;
    used.add(j);
    best = Math.max(best, w + bruteForce(weights, row + 1, used));
    used.delete(j);
  });
  return best;
}

function assertMatching(pairs: [number, number][]): void {
  expect(new Set(pairs.map(([i]) => i)).size).toBe(pairs.length);
  expect(new Set(pairs.map(([, j]) => j)).size).toBe(pairs.length);
}

describe('matchByWeight', () => {
  it('[D7] finds the optimum where greedy (best pair first) is wrong', () => {
    // IoUs of the nested boxes of the alignment test: greedy takes 0.67 then 0.4 (1.07); optimal is 0.6 + 0.6.
    const weights = [
      [2 / 3, 0.6],
      [0.6, 0.4],
    ];
    expect(matchByWeight(weights)).toEqual([
      [0, 1],
      [1, 0],
    ]);
  });

  it('[D7] leaves zero-weight pairs unmatched and handles more rows than columns', () => {
    expect(matchByWeight([[0, 0]])).toEqual([]);
    expect(matchByWeight([[0.2], [0.9], [0]])).toEqual([[1, 0]]);
    expect(matchByWeight([])).toEqual([]);
  });

  it('[D7] is optimal on random matrices (checked against brute force)', () => {
    const random = seededRandom('matching');
    for (let run = 0; run < 300; run++) {
      const rows = 1 + Math.floor(random() * 6);
      const columns = 1 + Math.floor(random() * 6);
      const weights = Array.from({ length: rows }, () => Array.from({ length: columns }, () => (random() < 0.4 ? 0 : Math.round(random() * 100) / 100)));
      const pairs = matchByWeight(weights);
      assertMatching(pairs);
      expect(total(weights, pairs)).toBeCloseTo(bruteForce(weights), 9);
    }
  });

  it('[D7] above the optimal size, a large group is still matched (greedily) in reasonable time', () => {
    const n = maxOptimalSize + 20;
    const weights = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (Math.abs(i - j) <= 1 ? 1 - Math.abs(i - j) / 2 : 0)));
    const started = performance.now();
    const pairs = matchByWeight(weights);
    expect(performance.now() - started).toBeLessThan(3_000);
    assertMatching(pairs);
    expect(pairs).toHaveLength(n);
  });
});
