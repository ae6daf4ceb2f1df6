import { describe, expect, it } from 'vitest';
import { cohenKappa, cohenKappaDetail, kappaFromConfusion } from './cohen.ts';
import { seededRandom } from './random.ts';

function randomLabels(random: () => number, n: number, k: number): number[] {
  return Array.from({ length: n }, () => Math.floor(random() * k));
}

describe('cohenKappa', () => {
  it('[M2] detail: confusion in category order, prevalence over all 2n ratings, percent agreement beside kappa', () => {
    const d = cohenKappaDetail(['y', 'y', 'n', 'y'], ['y', 'n', 'n', 'y']);
    expect(d.confusion).toEqual({ labels: ['n', 'y'], counts: [[1, 0], [1, 2]] });
    expect(d.prevalence).toEqual({ n: 3 / 8, y: 5 / 8 });
    expect(d.n).toBe(4);
    expect(d.percentAgreement).toBe(0.75);
    expect(d.observed).toBe(0.75);
    // p_e = (1/4)(2/4) + (3/4)(2/4) = 0.5
    expect(d.expected).toBeCloseTo(0.5, 12);
    expect(d.kappa).toBeCloseTo(0.5, 12);
  });

  it('[M0][M2] one category used by both raters: kappa undefined (NaN), agreement still shown', () => {
    const d = cohenKappaDetail(['a', 'a', 'a'], ['a', 'a', 'a']);
    expect(d.kappa).toBeNaN();
    expect(d.percentAgreement).toBe(1);
    expect(d.expected).toBe(1);
    expect(cohenKappa([2, 2], [2, 2], { weights: 'quadratic' })).toBeNaN();
    // Unused explicit categories do not make the data vary.
    expect(cohenKappa(['a', 'a'], ['a', 'a'], { categories: ['a', 'b', 'c'] })).toBeNaN();
  });

  it('[M0][M2] no units: every number undefined', () => {
    const d = cohenKappaDetail([], []);
    expect(d).toMatchObject({ n: 0, prevalence: {} });
    for (const v of [d.kappa, d.observed, d.expected, d.percentAgreement]) expect(v).toBeNaN();
  });

  it('[M0][M2] programmer errors throw: unequal lengths, a label outside explicit categories', () => {
    expect(() => cohenKappa([1, 2], [1])).toThrow(/length/);
    expect(() => cohenKappa([1, 2], [1, 3], { categories: [1, 2] })).toThrow(/not in the given categories/);
    expect(() => kappaFromConfusion([[1, 2], [3]])).toThrow(/square/);
  });

  it('[M2] perfect agreement is 1; one rater always disagreeing on two labels is -1', () => {
    expect(cohenKappa(['a', 'b', 'c', 'a'], ['a', 'b', 'c', 'a'])).toBe(1);
    expect(cohenKappa([0, 1, 0, 1], [1, 0, 1, 0])).toBe(-1);
    expect(cohenKappa([0, 1, 2, 1], [0, 1, 2, 1], { weights: 'linear' })).toBe(1);
  });

  it('[M2] weights follow the numeric order of numbers (10 after 9), or an explicit order', () => {
    const a = [2, 10, 9, 2, 10, 9];
    const b = [10, 2, 9, 2, 10, 9];
    const asStrings = (xs: number[]): string[] => xs.map((x) => `v${x}`);
    const numeric = cohenKappa(a, b, { weights: 'linear' });
    expect(cohenKappa(asStrings(a), asStrings(b), { weights: 'linear', categories: ['v2', 'v9', 'v10'] })).toBeCloseTo(numeric, 12);
    // Sorted as strings, 'v10' < 'v2' < 'v9': a different order and a different weighted kappa.
    expect(cohenKappa(asStrings(a), asStrings(b), { weights: 'linear' })).not.toBeCloseTo(numeric, 6);
    // Unweighted kappa does not depend on the order.
    expect(cohenKappa(asStrings(a), asStrings(b))).toBeCloseTo(cohenKappa(a, b), 12);
  });

  it('[M2] properties on random data: symmetric, at most 1, unweighted invariant under relabelling', () => {
    const random = seededRandom('cohen-properties');
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(random() * 40);
      const k = 1 + Math.floor(random() * 5);
      const a = randomLabels(random, n, k);
      const b = random() < 0.3 ? [...a] : randomLabels(random, n, k);
      for (const weights of [undefined, 'linear', 'quadratic'] as const) {
        const kappa = cohenKappa(a, b, { weights });
        const swapped = cohenKappa(b, a, { weights });
        if (Number.isNaN(kappa)) {
          expect(swapped).toBeNaN();
          expect(new Set([...a, ...b]).size).toBe(1);
          continue;
        }
        expect(swapped).toBeCloseTo(kappa, 12);
        expect(kappa).toBeLessThanOrEqual(1 + 1e-12);
        expect(kappa).toBeGreaterThanOrEqual(-1 - 1e-12);
      }
      const permutation = ['q', 'c', 'x', 'a', 'm'];
      const relabel = (xs: number[]): string[] => xs.map((x) => permutation[x]!);
      const kappa = cohenKappa(a, b);
      const relabelled = cohenKappa(relabel(a), relabel(b));
      if (Number.isNaN(kappa)) expect(relabelled).toBeNaN();
      else expect(relabelled).toBeCloseTo(kappa, 12);
      if (a.every((x, i) => x === b[i]) && new Set(a).size > 1) expect(kappa).toBe(1);
    }
  });
});
