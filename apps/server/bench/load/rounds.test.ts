import { describe, expect, it } from 'vitest';
import { foldRounds, rotate } from './rounds.ts';
import type { TimedFigures } from './scenarios.ts';

function round(p99: number, delivered: number, cpuUsPerDelivery: number, dbCpu: number | null = null, closeCodes: Record<string, number> = {}): TimedFigures {
  return {
    windowMs: 1000,
    editsInWindow: 10,
    expected: 100,
    delivered,
    gaps: 0,
    duplicates: 0,
    latencyMs: { p50: p99 / 4, p95: p99 / 2, p99, max: p99 * 2 },
    clients: 10,
    connectMs: 5,
    closes: 0,
    closeCodes,
    deliveriesPerSecond: delivered,
    cpuUsPerDelivery,
    cpuShare: 0.1,
    loadgenCpuShare: 0.2,
    dbCpuUsPerDelivery: dbCpu,
    appendP50Ms: dbCpu === null ? null : p99 / 10,
    appendP95Ms: dbCpu === null ? null : p99 / 5,
    appendP99Ms: dbCpu === null ? null : p99 / 2,
    rssMb: 100,
  };
}

describe('load benchmark rounds', () => {
  it('add counts up and take the median round of everything else', () => {
    const folded = foldRounds([round(30, 100, 9, null, { 1006: 2 }), round(10, 99, 7, 2), round(20, 100, 8, null, { 1006: 1, 4429: 1 })]);
    expect(folded.closeCodes).toEqual({ 1006: 3, 4429: 1 });
    expect(folded.delivered).toBe(299);
    expect(folded.expected).toBe(300);
    expect(folded.editsInWindow).toBe(30);
    expect(folded.latencyMs).toEqual({ p50: 5, p95: 10, p99: 20, max: 40 });
    expect(folded.cpuUsPerDelivery).toBe(8);
    expect(folded.clients).toBe(10);
  });

  it('take the median append percentiles of the rounds that have them', () => {
    const folded = foldRounds([round(30, 100, 9, 1), round(10, 99, 7, 2), round(20, 100, 8, 3)]);
    expect([folded.appendP50Ms, folded.appendP95Ms, folded.appendP99Ms]).toEqual([2, 4, 10]);
    expect(foldRounds([round(30, 100, 9), round(10, 99, 7)]).appendP99Ms).toBeNull();
  });

  it('leave a single round as it is and rotate the server order per round', () => {
    const only = round(10, 100, 7);
    expect(foldRounds([only])).toBe(only);
    expect(() => foldRounds([])).toThrow();
    expect(rotate(['a', 'b', 'c'], 0)).toEqual(['a', 'b', 'c']);
    expect(rotate(['a', 'b', 'c'], 1)).toEqual(['b', 'c', 'a']);
    expect(rotate(['a', 'b', 'c'], 5)).toEqual(['c', 'a', 'b']);
  });
});
