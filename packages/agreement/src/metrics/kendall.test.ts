import { describe, expect, it } from 'vitest';
import { averageRanks, kendallTauB, kendallW } from './kendall.ts';
import { seededRandom } from './random.ts';

/** O(n^2) tau-b straight from the definition. */
function naiveTauB(x: number[], y: number[]): number {
  let concordant = 0;
  let discordant = 0;
  let tiedXOnly = 0;
  let tiedYOnly = 0;
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      const s = Math.sign(x[i]! - x[j]!) * Math.sign(y[i]! - y[j]!);
      if (s > 0) concordant++;
      else if (s < 0) discordant++;
      else if (x[i] === x[j] && y[i] !== y[j]) tiedXOnly++;
      else if (y[i] === y[j] && x[i] !== x[j]) tiedYOnly++;
    }
  }
  return (concordant - discordant) / Math.sqrt((concordant + discordant + tiedXOnly) * (concordant + discordant + tiedYOnly));
}

describe('Kendall', () => {
  it('[M5] tau-b by hand: one swapped pair in four gives 2/3; reversed order -1; identical 1', () => {
    expect(kendallTauB([1, 2, 3, 4], [1, 3, 2, 4])).toBeCloseTo(4 / 6, 12);
    expect(kendallTauB([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(kendallTauB([5, 1, 3], [5, 1, 3])).toBe(1);
  });

  it('[M5] tau-b with ties equals the definition', () => {
    const x = [1, 2, 2, 3, 4];
    const y = [1, 3, 2, 2, 4];
    expect(kendallTauB(x, y)).toBeCloseTo(naiveTauB(x, y), 12);
    // concordant 7, discordant 1, one x-only tie, one y-only tie: 6 / sqrt(9 * 9).
    expect(kendallTauB(x, y)).toBeCloseTo(6 / 9, 12);
  });

  it('[M5] the O(n log n) tau-b equals the definition on random data with many ties; symmetric; in [-1, 1]', () => {
    const random = seededRandom('tau');
    for (let trial = 0; trial < 200; trial++) {
      const n = 2 + Math.floor(random() * 30);
      const levels = 1 + Math.floor(random() * 6);
      const x = Array.from({ length: n }, () => Math.floor(random() * levels));
      const y = Array.from({ length: n }, () => Math.floor(random() * levels));
      const fast = kendallTauB(x, y);
      const slow = naiveTauB(x, y);
      if (Number.isNaN(slow)) expect(fast).toBeNaN();
      else {
        expect(fast).toBeCloseTo(slow, 12);
        expect(kendallTauB(y, x)).toBeCloseTo(fast, 12);
        expect(Math.abs(fast)).toBeLessThanOrEqual(1 + 1e-12);
      }
    }
  });

  it('[M0][M5] tau-b undefined for n < 2 or a side of all ties; errors for unequal lengths and non-numbers', () => {
    expect(kendallTauB([1], [1])).toBeNaN();
    expect(kendallTauB([], [])).toBeNaN();
    expect(kendallTauB([2, 2, 2], [1, 2, 3])).toBeNaN();
    expect(() => kendallTauB([1, 2], [1])).toThrow(/length/);
    expect(() => kendallTauB([1, NaN], [1, 2])).toThrow(/score/);
  });

  it('[M5] average ranks and tie term', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual({ ranks: [2, 3.5, 3.5, 1], ties: 6 });
  });

  it('[M5] W: identical rankings 1, two opposite raters 0, by-hand value without ties', () => {
    expect(kendallW([[1, 2, 3, 4], [1, 2, 3, 4], [1, 2, 3, 4]])).toBeCloseTo(1, 12);
    expect(kendallW([[1, 2, 3], [3, 2, 1]])).toBeCloseTo(0, 12);
    // Rank sums 3, 7, 8 (mean 6): S = 9 + 1 + 4 = 14; W = 12 * 14 / (9 * 24) = 7/9.
    expect(kendallW([[1, 2, 3], [1, 3, 2], [1, 2, 3]])).toBeCloseTo(7 / 9, 12);
  });

  it('[M5] W tie correction: raw scores become average ranks; perfectly agreeing tied rankings give 1', () => {
    // Both raters tie objects 2 and 3: rank sums 2, 5, 5, 8 (mean 5); S = 18; T = 6 per rater.
    // W = 12 * 18 / (4 * 60 - 2 * 12) = 1.
    expect(kendallW([[1, 2, 2, 4], [10, 20, 20, 30]])).toBeCloseTo(1, 12);
    const tied = [
      [1, 2, 2, 3],
      [1, 2, 3, 3],
      [2, 1, 3, 3],
    ];
    // Average ranks [1,2.5,2.5,4], [1,2,3.5,3.5], [2,1,3.5,3.5]: sums 4, 5.5, 9.5, 11 (mean 7.5),
    // S = 12.25 + 4 + 4 + 12.25 = 32.5; T = 6 per rater.
    expect(kendallW(tied)).toBeCloseTo((12 * 32.5) / (9 * 60 - 3 * 18), 12);
  });

  it('[M0][M5] W undefined for one rater, one object, or everything tied; ragged rows throw', () => {
    expect(kendallW([[1, 2, 3]])).toBeNaN();
    expect(kendallW([[1], [1]])).toBeNaN();
    expect(kendallW([[1, 1, 1], [2, 2, 2]])).toBeNaN();
    expect(() => kendallW([[1, 2], [1]])).toThrow(/objects/);
  });

  it('[M5] W properties on random rankings: in [0, 1], invariant under rater order and object relabelling', () => {
    const random = seededRandom('w');
    for (let trial = 0; trial < 100; trial++) {
      const m = 2 + Math.floor(random() * 5);
      const n = 2 + Math.floor(random() * 8);
      const data = Array.from({ length: m }, () => Array.from({ length: n }, () => Math.floor(random() * n)));
      const w = kendallW(data);
      if (Number.isNaN(w)) continue;
      expect(w).toBeGreaterThanOrEqual(-1e-12);
      expect(w).toBeLessThanOrEqual(1 + 1e-12);
      expect(kendallW([...data].reverse())).toBeCloseTo(w, 12);
      const columns = Array.from({ length: n }, (_, j) => j).reverse();
      expect(kendallW(data.map((row) => columns.map((j) => row[j]!)))).toBeCloseTo(w, 12);
    }
  });
});
