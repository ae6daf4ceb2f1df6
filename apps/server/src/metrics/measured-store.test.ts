import { describe, expect, it } from 'vitest';
import { createMemoryDocumentStore } from '../persistence/memory-store.ts';
import { measureStore } from './measured-store.ts';
import { createMetrics } from './metrics.ts';

const value = async (metric: { get(): Promise<{ values: { value: number; metricName?: string }[] }> }, name?: string) =>
  (await metric.get()).values.find((v) => name === undefined || v.metricName === name)?.value ?? 0;

describe('measureStore', () => {
  it('times and counts committed appends, counts refused ones, and passes everything through', async () => {
    const inner = createMemoryDocumentStore();
    const metrics = createMetrics();
    const store = measureStore(inner, metrics);
    inner.createDocument('d1');
    const update = { update: Uint8Array.of(0, 0), userId: null, origin: 'server' as const };
    expect(await store.append('d1', [update, update])).toBe(2);
    expect(await store.append('d1', [update])).toBe(3);
    await expect(store.append('missing', [update])).rejects.toThrow();
    expect(await value(metrics.storeAppendSeconds, 'concord_store_append_seconds_count')).toBe(2);
    expect(await value(metrics.updatesStored)).toBe(3);
    expect(await value(metrics.storeAppendFailures)).toBe(1);
    expect((await store.load('d1')).tail.map((row) => row.seq)).toEqual([1, 2, 3]);
    expect((await store.lastSeqs(['d1'])).get('d1')).toBe(3);
  });
});
