import { describe, expect, it } from 'vitest';
import { kappaFromConfusion } from '../metrics/cohen.ts';
import { fleissKappa } from '../metrics/fleiss.ts';
import { seededRandom } from '../metrics/random.ts';
import { encode, fleiss } from './categorical.ts';
import { ciPlan, meanWithCi, metricValue, unitCi } from './metric-value.ts';

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('intervals', () => {
  it('[Q3] 200 resamples while they fit the budget, fewer as units grow, then an m-out-of-n subsample', () => {
    expect(ciPlan(50)).toEqual({ iterations: 200, sample: 50 });
    expect(ciPlan(100)).toEqual({ iterations: 100, sample: 100 });
    expect(ciPlan(10_000)).toEqual({ iterations: 50, sample: 200 });
    expect(ciPlan(10_000, 40)).toEqual({ iterations: 50, sample: 100 });
    expect(ciPlan(50, 40)).toEqual({ iterations: 50, sample: 50 });
  });

  it('[Q3] seeded: the same seed gives the same interval; it brackets the estimate; null when undefined or too few units', () => {
    const random = seededRandom(5);
    const values = Array.from({ length: 300 }, () => random());
    const estimate = mean(values);
    const ci = unitCi(values, mean, { seed: 1 }, { estimate });
    expect(ci).toEqual(unitCi(values, mean, { seed: 1 }, { estimate }));
    expect(ci?.[0]).toBeLessThan(estimate);
    expect(ci?.[1]).toBeGreaterThan(estimate);
    expect(unitCi([0.5], mean, { seed: 1 }, { estimate: 0.5 })).toBeNull();
    expect(unitCi(values, mean, { seed: 1 }, { estimate: NaN })).toBeNull();
  });

  it('[Q3] m-out-of-n: many units give a narrower interval around the full estimate', () => {
    const random = seededRandom(9);
    const many = Array.from({ length: 20_000 }, () => (random() < 0.7 ? 1 : 0));
    const few = many.slice(0, 400);
    const wide = meanWithCi(few, { seed: 1 });
    const narrow = meanWithCi(many, { seed: 1 });
    const width = (ci: [number, number] | null) => (ci ? ci[1] - ci[0] : NaN);
    expect(width(narrow.ci)).toBeLessThan(width(wide.ci) / 3);
    expect(narrow.ci?.[0]).toBeLessThan(narrow.value);
    expect(narrow.ci?.[1]).toBeGreaterThan(narrow.value);
  });

  it("[Q3] Fleiss' kappa equals Cohen's kappa of the symmetric table of ordered rating pairs (what its interval resamples)", () => {
    const random = seededRandom(3);
    const labels = ['a', 'b', 'c'];
    const units = Array.from({ length: 200 }, () => Array.from({ length: 3 }, () => labels[Math.floor(random() * (random() < 0.5 ? 1 : 3))] ?? 'a'));
    const rows = units.map((u) => labels.map((l) => u.filter((x) => x === l).length));
    const table = labels.map(() => labels.map(() => 0));
    for (const u of units) {
      for (let i = 0; i < u.length; i++) for (let j = 0; j < u.length; j++) if (i !== j) (table[labels.indexOf(u[i] ?? 'a')] as number[])[labels.indexOf(u[j] ?? 'a')]! += 1;
    }
    expect(kappaFromConfusion(table).kappa).toBeCloseTo(fleissKappa(rows), 12);
    const metric = fleiss(encode(units.map((labels) => ({ ratings: labels.map((value) => ({ value })) }))), { raters: 3, subject: 'x', ctx: { seed: 1 } });
    expect(metric.value).toBeCloseTo(fleissKappa(rows), 12);
    expect(metric.ci?.[0]).toBeLessThan(metric.value ?? 0);
    expect(metric.ci?.[1]).toBeGreaterThan(metric.value ?? 0);
  });

  it('[Q2] undefined values are null with their interval, and the explanation says why', () => {
    const value = metricValue({ metric: 'cohen_kappa', value: NaN, ci: [0, 1], units: 5, raters: 2, percentAgreement: 1, subject: 'judgement.choice', undefinedReason: 'no variance' });
    expect(value).toMatchObject({ value: null, ci: null, percentAgreement: 1 });
    expect(value.explain).toBe("Cohen's kappa of judgement.choice is undefined over 5 units and 2 annotators: no variance.");
  });
});
