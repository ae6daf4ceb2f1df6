import { describe, expect, it } from 'vitest';
import { createSamples, createSeqCheck, percentile } from './stats.ts';

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
