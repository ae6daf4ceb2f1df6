import { describe, expect, it } from 'vitest';
import { bootstrapCi } from './bootstrap.ts';
import { seededRandom } from './random.ts';

const mean = (xs: number[]): number => (xs.length === 0 ? NaN : xs.reduce((s, x) => s + x, 0) / xs.length);

describe('seededRandom and bootstrapCi', () => {
  it('[M9] equal seeds give equal streams in [0, 1); different seeds differ; number and string seeds agree', () => {
    const a = seededRandom(42);
    const b = seededRandom('42');
    const c = seededRandom(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    for (const x of xs) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
    }
    // Roughly uniform: each tenth holds about a tenth.
    const tenths = new Array<number>(10).fill(0);
    for (const x of xs) tenths[Math.floor(x * 10)]!++;
    for (const count of tenths) expect(count).toBeGreaterThan(60);
  });

  it('[M9] percentile interval of the mean covers the sample mean and is reproducible with the seed', () => {
    const random = seededRandom('data');
    const data = Array.from({ length: 200 }, () => random());
    const ci = bootstrapCi(data, mean, { seed: 7 });
    expect(ci).not.toBeNull();
    const [low, high] = ci!;
    expect(low).toBeLessThan(mean(data));
    expect(high).toBeGreaterThan(mean(data));
    // Standard error of a uniform mean over 200 is about 0.02; the 95% interval is about 0.08 wide.
    expect(high - low).toBeGreaterThan(0.05);
    expect(high - low).toBeLessThan(0.12);
    expect(bootstrapCi(data, mean, { seed: 7 })).toEqual(ci);
    expect(bootstrapCi(data, mean, { seed: 8 })).not.toEqual(ci);
    const narrow = bootstrapCi(data, mean, { seed: 7, level: 0.5 })!;
    expect(narrow[0]).toBeGreaterThan(low);
    expect(narrow[1]).toBeLessThan(high);
  });

  it('[M0][M9] undefined resamples are skipped; fewer than half defined or no units gives null', () => {
    const units = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // NaN unless the resample contains a 1: defined for about 1 - 0.9^10 = 65% of resamples.
    const sometimes = (xs: number[]): number => (xs.includes(1) ? mean(xs) : NaN);
    expect(bootstrapCi(units, sometimes, { seed: 1, iterations: 400 })).not.toBeNull();
    // Defined only when the resample contains a 1 and a 2: about 1 - 2(0.9^10) + 0.8^10 = 41%.
    const rarely = (xs: number[]): number => (xs.includes(1) && xs.includes(2) ? mean(xs) : NaN);
    expect(bootstrapCi(units, rarely, { seed: 1, iterations: 400 })).toBeNull();
    expect(bootstrapCi([], mean, { seed: 1 })).toBeNull();
    expect(() => bootstrapCi(units, mean, { seed: 1, level: 1 })).toThrow(/level/);
  });

  it('[M9] a constant statistic gives a zero-width interval', () => {
    expect(bootstrapCi([1, 2, 3], () => 0.5, { seed: 'x', iterations: 50 })).toEqual([0.5, 0.5]);
  });
});
