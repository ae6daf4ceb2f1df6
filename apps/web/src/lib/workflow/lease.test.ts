import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api.ts';
import { Lease } from './lease.svelte.ts';

const start = Date.parse('2030-01-01T00:00:00Z');
const grant = (fence: number, seconds = 30) => ({ fence, leaseExpiresAt: new Date(Date.now() + seconds * 1000).toISOString() });

describe('Lease', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(start);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('[Q3] renews every third of the lease while held, and stops once ended', async () => {
    const renew = vi.fn(async (fence: number) => grant(fence));
    const lease = new Lease({ renew });
    lease.take(grant(7));
    expect(lease.status).toBe('held');
    await vi.advanceTimersByTimeAsync(9_999);
    expect(renew).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(renew).toHaveBeenCalledWith(7);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(renew).toHaveBeenCalledTimes(2);
    lease.end();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renew).toHaveBeenCalledTimes(2);
    expect(lease.status).toBe('ended');
  });

  it('uses the configured lease length when given', async () => {
    const renew = vi.fn(async (fence: number) => grant(fence));
    const lease = new Lease({ renew, leaseSeconds: 3 });
    lease.take(grant(1, 600));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('[Q5] a 409 stale_lease loses the lease and stops renewing', async () => {
    const renew = vi.fn(async () => {
      throw new ApiError({ status: 409, code: 'stale_lease', message: 'Your lease lapsed.' });
    });
    const lease = new Lease({ renew });
    lease.take(grant(3));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lease.status).toBe('lost');
    expect(lease.lostReason).toBe('Your lease lapsed.');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(renew).toHaveBeenCalledTimes(1);
  });

  it('keeps the lease through a network failure, warns, and clears the warning on the next beat', async () => {
    let fail = true;
    const renew = vi.fn(async (fence: number) => {
      if (fail) throw new ApiError({ status: 0, code: 'network', message: 'Offline.' });
      return grant(fence);
    });
    const lease = new Lease({ renew });
    lease.take(grant(5));
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lease.status).toBe('held');
    expect(lease.warning).toMatch(/Offline/);
    fail = false;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(lease.warning).toBeNull();
    expect(lease.fence).toBe(5);
  });
});
