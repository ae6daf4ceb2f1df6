import { describe, expect, it } from 'vitest';
import { ratioOf, renderTable } from './report.ts';
import type { TimedFigures } from './scenarios.ts';
import { checkTargets } from './targets.ts';

function timed(cpuUsPerDelivery: number, p95: number, p99: number, delivered = 100): TimedFigures {
  return {
    windowMs: 1000,
    editsInWindow: 10,
    expected: 100,
    delivered,
    gaps: 0,
    duplicates: 0,
    latencyMs: { p50: 1, p95, p99, max: p99 },
    clients: 10,
    connectMs: 5,
    closes: 0,
    closeCodes: {},
    deliveriesPerSecond: delivered,
    cpuUsPerDelivery,
    cpuShare: 0.1,
    loadgenCpuShare: 0.1,
    dbCpuUsPerDelivery: null,
    appendP50Ms: null,
    appendP95Ms: null,
    appendP99Ms: null,
    rssMb: 100,
  };
}

describe('load benchmark targets', () => {
  it('mark each target met, missed or not measured from the ratio concord / reference', () => {
    const checks = checkTargets({
      timed: { fanout: { concord: timed(8, 10, 13), 'y-websocket': timed(10, 10, 10) } },
      idle: {},
      firstSync: {},
    });
    const byName = Object.fromEntries(checks.map((c) => [c.name, c.met]));
    expect(byName['fan-out: server CPU per delivery <= 0.8x']).toBe(true);
    expect(byName['fanout: latency p95 <= 1.0x']).toBe(true);
    expect(byName['fanout: latency p99 <= 1.2x']).toBe(false);
    expect(byName['edits-200: latency p95 <= 1.0x']).toBeNull();
    expect(byName['first sync cold <= 0.5x']).toBeNull();
    expect(byName['delivery ratio exactly 1.0, no gaps, no spurious reconnects (Concord)']).toBe(true);
  });

  it('count a lost delivery as a missed delivery target', () => {
    const checks = checkTargets({ timed: { fanout: { concord: timed(8, 10, 10, 99) } }, idle: {}, firstSync: {} });
    expect(checks.find((c) => c.name.startsWith('delivery ratio'))?.met).toBe(false);
  });
});

describe('load benchmark tables', () => {
  it('print n/a for a server not measured and the ratio only for numbers', () => {
    expect(ratioOf({ metric: 'm', values: { concord: 3, 'y-websocket': 2 } })).toBe('1.50x');
    expect(ratioOf({ metric: 'm', values: { concord: 3 } })).toBe('');
    expect(ratioOf({ metric: 'm', values: { concord: 3, 'y-websocket': 2 }, ratio: false })).toBe('');
    const table = renderTable('t', [{ metric: 'p99 (ms)', values: { concord: 1.5, 'y-websocket': 3 }, digits: 1 }]);
    expect(table).toContain('| p99 (ms) |     1.5 |                3.0 |        n/a |       0.50x |');
  });
});
