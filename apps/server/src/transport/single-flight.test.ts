import { describe, expect, it } from 'vitest';
import { singleFlight } from './single-flight.ts';

/** A lookup that resolves (or rejects) when told to, counting its calls. */
function controlledLookup() {
  let calls = 0;
  const settle: Array<{ resolve: (value: string) => void; reject: (error: Error) => void }> = [];
  const load = () => {
    calls += 1;
    return new Promise<string>((resolve, reject) => settle.push({ resolve, reject }));
  };
  return { load, settle, calls: () => calls };
}

describe('singleFlight', () => {
  it('callers of one key while its lookup is in flight share it; other keys get their own', async () => {
    const lookups = singleFlight<string>();
    const lookup = controlledLookup();
    const a = lookups('ann', lookup.load);
    const b = lookups('ann', lookup.load);
    const c = lookups('bob', lookup.load);
    expect(lookup.calls()).toBe(2);
    lookup.settle[0]!.resolve('Ann');
    lookup.settle[1]!.resolve('Bob');
    expect(await Promise.all([a, b, c])).toEqual(['Ann', 'Ann', 'Bob']);
  });

  it('keeps nothing once settled: the next caller looks up again (a revocation is seen by the next lookup)', async () => {
    const lookups = singleFlight<string>();
    const lookup = controlledLookup();
    const first = lookups('ann', lookup.load);
    lookup.settle[0]!.resolve('valid');
    await first;
    const second = lookups('ann', lookup.load);
    expect(lookup.calls()).toBe(2);
    lookup.settle[1]!.resolve('revoked');
    expect(await second).toBe('revoked');
  });

  it('a failed lookup fails every caller that shared it, and the next caller tries again', async () => {
    const lookups = singleFlight<string>();
    const lookup = controlledLookup();
    const a = lookups('ann', lookup.load);
    const b = lookups('ann', lookup.load);
    lookup.settle[0]!.reject(new Error('database down'));
    await expect(a).rejects.toThrow('database down');
    await expect(b).rejects.toThrow('database down');
    const c = lookups('ann', lookup.load);
    lookup.settle[1]!.resolve('Ann');
    expect(await c).toBe('Ann');
    expect(lookup.calls()).toBe(2);
  });
});
