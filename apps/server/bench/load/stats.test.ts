import { describe, expect, it } from 'vitest';
import { addHistograms, createSamples, createSeqCheck, histogramDelta, histogramQuantile, percentile } from './stats.ts';

describe('latency samples', () => {
  it('grow past their capacity and sort numerically', () => {
    const samples = createSamples(2);
    for (const v of [30, 4, 100, 2, 11]) samples.push(v);
    expect(samples.length).toBe(5);
    expect([...samples.sorted()]).toEqual([2, 4, 11, 30, 100]);
  });

  it('give nearest-rank percentiles', () => {
    const sorted = Float64Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 95)).toBe(95);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile(sorted, 100)).toBe(100);
    expect(percentile(Float64Array.of(7), 99)).toBe(7);
    expect(percentile(new Float64Array(0), 50)).toBeNaN();
  });
});

describe('sequence check', () => {
  it('counts in-order deliveries and nothing else', () => {
    const check = createSeqCheck();
    expect([0, 1, 2].map((s) => check.see(s))).toEqual([true, true, true]);
    expect(check.finish(3)).toEqual({ received: 3, gaps: 0, duplicates: 0 });
  });

  it('reports gaps, repeats and a missing tail', () => {
    const check = createSeqCheck();
    expect(check.see(0)).toBe(true);
    expect(check.see(3)).toBe(true);
    expect(check.see(3)).toBe(false);
    expect(check.see(1)).toBe(false);
    expect(check.finish(6)).toEqual({ received: 2, gaps: 2 + 2, duplicates: 2 });
  });
});

describe('histogram quantiles', () => {
  const bounds = [0.001, 0.002, 0.005, Number.POSITIVE_INFINITY];
  it('interpolate inside the bucket that holds the rank, like histogram_quantile', () => {
    // 10 in (0, 1 ms], 10 in (1, 2 ms], 0 in (2, 5 ms], 0 above.
    const h = { bounds, cumulative: [10, 20, 20, 20] };
    expect(histogramQuantile(h, 0.25)).toBeCloseTo(0.0005);
    expect(histogramQuantile(h, 0.5)).toBeCloseTo(0.001);
    expect(histogramQuantile(h, 0.75)).toBeCloseTo(0.0015);
    expect(histogramQuantile(h, 1)).toBeCloseTo(0.002);
  });

  it('answer the largest finite bound above it, and NaN when empty', () => {
    expect(histogramQuantile({ bounds, cumulative: [0, 0, 1, 5] }, 0.99)).toBe(0.005);
    expect(histogramQuantile({ bounds, cumulative: [0, 0, 0, 0] }, 0.5)).toBeNaN();
  });

  it('take the window between two readings and add instances', () => {
    const before = { bounds, cumulative: [5, 5, 6, 6] };
    const after = { bounds, cumulative: [5, 15, 16, 16] };
    expect(histogramDelta(after, before).cumulative).toEqual([0, 10, 10, 10]);
    expect(addHistograms(after, before).cumulative).toEqual([10, 20, 22, 22]);
    expect(histogramQuantile(histogramDelta(after, before), 0.5)).toBeCloseTo(0.0015);
  });
});

