import { describe, expect, it } from 'vitest';
import { categoryCounts, fleissKappa, fleissKappaDetail } from './fleiss.ts';
import { seededRandom } from './random.ts';

const wikipedia = [
  [0, 0, 0, 0, 14],
  [0, 2, 6, 4, 2],
  [0, 0, 3, 5, 6],
  [0, 3, 9, 2, 0],
  [2, 2, 8, 1, 1],
  [7, 7, 0, 0, 0],
  [3, 2, 6, 3, 0],
  [2, 5, 3, 2, 2],
  [6, 5, 2, 1, 0],
  [0, 2, 2, 3, 7],
];

describe('fleissKappa', () => {
  it('[M3] Wikipedia worked example: P-bar 0.378, P-e 0.213, kappa 0.2099, p_j', () => {
    const d = fleissKappaDetail(wikipedia);
    expect(d.pBar).toBeCloseTo(0.378, 3);
    expect(d.pE).toBeCloseTo(0.213, 3);
    expect(d.kappa).toBeCloseTo(0.2099, 3);
    expect(d.p[0]).toBeCloseTo(0.143, 3);
    expect(d.perSubject[0]).toBe(1);
    expect(d).toMatchObject({ subjects: 10, raters: 14 });
  });

  it('[M0][M3] undefined: one category only, no subjects, fewer than two raters', () => {
    expect(fleissKappa([[3, 0], [3, 0]])).toBeNaN();
    expect(fleissKappa([])).toBeNaN();
    expect(fleissKappa([[1, 0], [0, 1]])).toBeNaN();
  });

  it('[M0][M3] unequal rater counts, ragged rows and bad counts throw', () => {
    expect(() => fleissKappa([[2, 1], [1, 1]])).toThrow(/equal raters/);
    expect(() => fleissKappa([[2, 1], [3]])).toThrow(/categories/);
    expect(() => fleissKappa([[2, 1.5]])).toThrow(/integers/);
  });

  it('[M3] perfect agreement 1; total disagreement of two raters -1', () => {
    expect(fleissKappa([[3, 0, 0], [0, 3, 0], [0, 0, 3]])).toBe(1);
    // Two raters disagreeing on every subject with balanced categories: kappa = -1.
    expect(fleissKappa([[1, 1], [1, 1]])).toBeCloseTo(-1, 12);
  });

  it('[M3] categoryCounts builds the table from labels; properties: column permutation invariance, kappa <= 1', () => {
    expect(categoryCounts([['b', 'a'], ['a', null, 'a']])).toEqual({ categories: ['a', 'b'], counts: [[1, 1], [2, 0]] });
    const random = seededRandom('fleiss');
    for (let trial = 0; trial < 100; trial++) {
      const raters = 2 + Math.floor(random() * 5);
      const k = 2 + Math.floor(random() * 4);
      const units = Array.from({ length: 1 + Math.floor(random() * 20) }, () =>
        Array.from({ length: raters }, () => Math.floor(random() * k)),
      );
      const { counts } = categoryCounts(units);
      const kappa = fleissKappa(counts);
      const reversed = fleissKappa(counts.map((row) => [...row].reverse()));
      if (Number.isNaN(kappa)) {
        expect(reversed).toBeNaN();
        continue;
      }
      expect(reversed).toBeCloseTo(kappa, 12);
      expect(kappa).toBeLessThanOrEqual(1 + 1e-12);
      // Lower bound of Fleiss' kappa: -1/(n-1).
      expect(kappa).toBeGreaterThanOrEqual(-1 / (raters - 1) - 1e-12);
    }
  });
});
